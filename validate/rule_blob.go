package validate

import "github.com/buildxcache/buildxcache/cachespec"

var s3MissingRequired = register(&Rule{
	Name: "S3MissingRequired", Scope: ScopeValue, Code: "CS150", Severity: SeverityWarning,
	Summary:     "s3 cache without region or bucket",
	Explanation: "An s3 cache needs region= and bucket=; without them BuildKit reads AWS_REGION and AWS_BUCKET from the daemon's environment (Buildx does not forward the client's). When the environment is known to lack them this is an error.",
	Bad:         Build{CacheTo: []string{"type=s3,name=app"}},
	Good:        Build{CacheTo: []string{"type=s3,region=us-east-1,bucket=acme-cache,name=app"}},
	Backing:     `BuildKit s3.go: "region ($AWS_REGION) not set for s3 cache", "bucket ($AWS_BUCKET) not set for s3 cache"`,
	Evidence:    []string{"TestE2ERejections/S3MissingRequired/region", "TestE2ERejections/S3MissingRequired/bucket", "TestE2ERejections/S3MissingRequired/import-is-not-a-build-failure"},
	check:       checkS3Required,
})

func checkS3Required(c pass) {
	eachOf(c.checker, cachespec.DirectionUnknown, func(v *value, s *cachespec.S3) {
		for _, a := range []struct {
			key, env string
			set      bool
			text     string
		}{{"region", "AWS_REGION", s.Region.IsSet(), s.Region.Text()}, {"bucket", "AWS_BUCKET", s.Bucket.IsSet(), s.Bucket.Text()}} {
			switch {
			case a.set && a.text == "":
				c.reportSeverity(SeverityError, v, a.key, "s3 cache has an empty "+a.key+"=, which overrides $"+a.env+`; BuildKit fails with "`+a.key+` ($`+a.env+`) not set for s3 cache"`,
					Fix{Message: "give " + a.key + "=<value>"})
			case !a.set:
				c.report(v, a.key, "s3 cache has no "+a.key+"=; it works only if the BuildKit daemon's environment has "+a.env+" (Buildx does not forward the client's)",
					Fix{Message: "add " + a.key + "=<value>"})
			}
		}
	})
}

var azBlobMissingAccountURL = register(&Rule{
	Name: "AzBlobMissingAccountURL", Scope: ScopeValue, Code: "CS152", Severity: SeverityWarning,
	Summary:     "azblob cache without account_url",
	Explanation: "An azblob cache needs account_url=, or BUILDKIT_AZURE_STORAGE_ACCOUNT_URL in the daemon's environment.",
	Bad:         Build{CacheTo: []string{"type=azblob,name=app"}},
	Good:        Build{CacheTo: []string{"type=azblob,account_url=https://acct.blob.core.windows.net,name=app"}},
	Backing:     `BuildKit azblob utils.go: "either ${BUILDKIT_AZURE_STORAGE_ACCOUNT_URL} or account_url attribute is required for azblob cache"`,
	Evidence:    []string{"TestE2ERejections/AzBlobMissingAccountURL/export"},
	check:       checkAzBlobAccountURL,
})

func checkAzBlobAccountURL(c pass) {
	eachOf(c.checker, cachespec.DirectionUnknown, func(v *value, a *cachespec.AzBlob) {
		switch {
		case a.AccountURL.IsSet() && a.AccountURL.Text() == "":
			c.reportSeverity(SeverityError, v, "account_url", "azblob cache has an empty account_url=; BuildKit fails: \"azure storage account url provided is not a valid url\"",
				Fix{Message: "give account_url=https://<account>.blob.core.windows.net"})
		case !a.AccountURL.IsSet():
			c.report(v, "account_url", "azblob cache has no account_url=; it works only if the BuildKit daemon's environment has BUILDKIT_AZURE_STORAGE_ACCOUNT_URL",
				Fix{Message: "add account_url=https://<account>.blob.core.windows.net"})
		}
	})
}
