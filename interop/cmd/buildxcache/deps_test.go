package main

import (
	"os/exec"
	"strings"
	"testing"
)

// heavy are the packages the CLI must not link: Buildx's bake loader and
// flag types, with what they bring (the policy engine, gRPC, BuildKit's
// client). The bake reader loads definitions on Buildx's HCL evaluator
// alone (interop/bakefile/internal/loader), bake/hclparser, which is
// allowed: the package is named exactly, or (under) with its subpackages.
var heavy = []struct {
	path  string
	under bool
}{
	{"github.com/docker/buildx/bake", false},
	{"github.com/docker/buildx/util/buildflags", true},
	{"github.com/open-policy-agent", true},
	{"google.golang.org/grpc", true},
	{"github.com/moby/buildkit/client", true},
}

func TestCLIDoesNotLinkBuildxBake(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 100 {
		t.Fatalf("go list -deps gave %d packages; the listing is broken", len(deps))
	}
	for _, d := range deps {
		for _, h := range heavy {
			if d == h.path || h.under && strings.HasPrefix(d, h.path+"/") {
				t.Errorf("the CLI links %s; keep it out of the CLI's imports", d)
			}
		}
	}
	t.Logf("the CLI links %d packages", len(deps))
}
