// Package awscreds is the AWS SDK's default credential chain for
// buildkit.Environment.AWSCredentials, in a package of its own so that only
// the tools that want it pay for the SDK's packages: package
// interop/buildkit does not import the SDK.
package awscreds

import (
	"context"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"

	"github.com/buildxcache/buildxcache/interop/buildkit"
)

// Default retrieves credentials with the AWS SDK's default configuration
// chain (environment, shared files, SSO, instance metadata), as Buildx
// does. It reads the process environment and files, and may use the
// network.
func Default(ctx context.Context) (buildkit.AWSCredentials, error) {
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return buildkit.AWSCredentials{}, err
	}
	c, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return buildkit.AWSCredentials{}, err
	}
	return buildkit.AWSCredentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken}, nil
}
