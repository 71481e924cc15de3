// Command etcd is etcd's own entry point, built through this wrapper module because the etcd
// root module carries replace directives that `go install` refuses.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
