// Command etcd is etcd's own server main (go.etcd.io/etcd/server/v3/etcdmain), built at the version
// k8s.io/kubernetes requires; see ../../go.mod.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
