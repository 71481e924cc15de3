# Sourced by the scripts that regenerate a wrapper Go module around k8s.io/kubernetes: the local
# cluster's (clusters/local/build/gen-wrappers.sh) and agnhost's (clusters/images/agnhost/gen-wrapper.sh).
#
# k8s.io/kubernetes requires its staging modules (k8s.io/api, client-go, ...) at v0.0.0 through
# local replace directives, which a consumer cannot use. Each one is published with the matching
# v0.<minor>.<patch> tag, so the wrapper replaces every staging module with that tag. The list is
# read from the downloaded go.mod, never hard-coded.

# kubernetes_wrapper VERSION DIR MODULE HEADER TOOL...: writes DIR/go.mod, its first line HEADER,
# module path MODULE, requiring k8s.io/kubernetes VERSION and building each TOOL package, then its
# go.sum (go mod tidy).
kubernetes_wrapper() {
  local k8s=$1 dir=$2 module=$3 header=$4
  shift 4
  local staging="v0.${k8s#v1.}" gomod modules m tool
  gomod=$(go mod download -json "k8s.io/kubernetes@$k8s" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')
  mapfile -t modules < <(awk '$2 == "=>" && $3 ~ /^\.\/staging\// { print $1 }' "$gomod" | sort -u)
  [ "${#modules[@]}" -gt 20 ] || { echo "found only ${#modules[@]} staging modules in $gomod" >&2; exit 1; }
  {
    echo "$header"
    echo "module $module"
    echo
    echo "go 1.25.0"
    echo
    echo "godebug default=go1.25"
    echo
    echo "require k8s.io/kubernetes $k8s"
    echo
    for tool in "$@"; do echo "tool $tool"; done
    echo
    echo "replace ("
    for m in "${modules[@]}"; do echo "	$m => $m $staging"; done
    echo ")"
  } > "$dir/go.mod"
  (cd "$dir" && rm -f go.sum && go mod tidy)
}
