// Go twins of three of the TypeScript examples, one subcommand each; each synthesizes YAML byte-identical to its twin
// (test/go.test.ts).
//
//	go run . dev|secure-production|operator [OUTDIR]   (default: $CDK8S_OUTDIR, else dist)
package main

import (
	"fmt"
	"os"
	"sort"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
)

// Subcommand → chart builder; the names are the TypeScript examples' file names.
var examples = map[string]func(app cdk8s.App) cdk8s.Chart{
	"dev":               DevChart,
	"secure-production": SecureProductionChart,
	"operator":          OperatorChart,
}

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 || examples[os.Args[1]] == nil {
		names := make([]string, 0, len(examples))
		for name := range examples {
			names = append(names, name)
		}
		sort.Strings(names)
		fmt.Fprintf(os.Stderr, "usage: %s %v [OUTDIR]\n", os.Args[0], names)
		os.Exit(2)
	}
	// Stops the Node.js process the jsii runtime starts and removes the runtime it unpacked into a temporary folder.
	defer jsii.Close()
	props := &cdk8s.AppProps{}
	if len(os.Args) == 3 {
		props.Outdir = jsii.String(os.Args[2])
	}
	app := cdk8s.NewApp(props)
	examples[os.Args[1]](app)
	app.Synth()
}
