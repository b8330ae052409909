package buildkit

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoAWSSDK: importing this package does not pull in the AWS SDK; only
// package awscreds does.
func TestNoAWSSDK(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "github.com/aws/") {
			t.Fatalf("package buildkit imports %s", p)
		}
	}
}

func TestAWSCredentialsRedacted(t *testing.T) {
	c := AWSCredentials{AccessKeyID: "AKIAABCDEFGHIJKLMNOP", SecretAccessKey: "SECRET123"}
	for _, s := range []string{c.String(), c.GoString()} {
		if strings.Contains(s, "SECRET123") || strings.Contains(s, "AKIA") {
			t.Errorf("AWSCredentials prints %s", s)
		}
	}
}
