// Command cri-cleanup stops and removes every pod sandbox (and so every container) known to a
// CRI runtime, so the runtime tears down each sandbox's network through CNI before the local
// cluster stops it. crictl would do this, but cri-tools is not served by the Go module proxy.
//
//	cri-cleanup unix:///run/pod-conformance/containerd/containerd.sock
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: cri-cleanup unix:///path/to/cri.sock")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := grpc.NewClient(os.Args[1], grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fmt.Fprintf(os.Stderr, "cri-cleanup: %v\n", err)
		os.Exit(1)
	}
	defer conn.Close()
	rt := runtimeapi.NewRuntimeServiceClient(conn)
	list, err := rt.ListPodSandbox(ctx, &runtimeapi.ListPodSandboxRequest{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "cri-cleanup: list sandboxes: %v\n", err)
		os.Exit(1)
	}
	failed := 0
	for _, sb := range list.Items {
		name := sb.Metadata.Namespace + "/" + sb.Metadata.Name
		if _, err := rt.StopPodSandbox(ctx, &runtimeapi.StopPodSandboxRequest{PodSandboxId: sb.Id}); err != nil {
			fmt.Fprintf(os.Stderr, "cri-cleanup: stop %s: %v\n", name, err)
			failed++
			continue
		}
		if _, err := rt.RemovePodSandbox(ctx, &runtimeapi.RemovePodSandboxRequest{PodSandboxId: sb.Id}); err != nil {
			fmt.Fprintf(os.Stderr, "cri-cleanup: remove %s: %v\n", name, err)
			failed++
			continue
		}
	}
	fmt.Printf("removed %d of %d pod sandboxes\n", len(list.Items)-failed, len(list.Items))
	if failed > 0 {
		os.Exit(1)
	}
}
