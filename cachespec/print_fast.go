package cachespec

// Direct printers for Format: the same output as the generic loop over
// keys() and field(i) (a test holds them equal), without an interface call
// per attribute. Format is on the path of every generator that prints many
// entries.

func appendOpt[T Value](b []byte, key string, o *Optional[T]) []byte {
	if !o.set {
		return b
	}
	return appendKnown(b, key, o.text)
}

func appendSecret(b []byte, key string, s *Secret) []byte {
	if !s.set {
		return b
	}
	return appendKnown(b, key, s.v)
}

// appendKnown appends ",key=value" for a known key, which never needs
// quoting itself.
func appendKnown(b []byte, key, v string) []byte {
	if needsQuotes(v) {
		b = append(b, ',')
		return appendField(b, key, v)
	}
	b = append(b, ',')
	b = append(b, key...)
	b = append(b, '=')
	return append(b, v...)
}

func (o *ExportOptions) appendTo(b []byte) []byte {
	b = appendOpt(b, "mode", &o.Mode)
	b = appendOpt(b, "ignore-error", &o.IgnoreError)
	b = appendOpt(b, "compression", &o.Compression)
	b = appendOpt(b, "compression-level", &o.CompressionLevel)
	b = appendOpt(b, "force-compression", &o.ForceCompression)
	b = appendOpt(b, "oci-mediatypes", &o.OCIMediaTypes)
	return appendOpt(b, "image-manifest", &o.ImageManifest)
}

func appendExtra(b []byte, a *Attributes) []byte {
	if a.enc == "" {
		return b
	}
	// A plain loop rather than range over a.All(): a closure would make b
	// escape, and Format's stack buffer with it.
	for s := a.enc; s != ""; {
		var k, v string
		k, s = decodeString(s)
		v, s = decodeString(s)
		b = append(b, ',')
		b = appendField(b, k, v)
	}
	return b
}

// appendDirect writes the canonical form of e.
func appendDirect(b []byte, e Entry) []byte {
	switch e := e.(type) {
	case *Registry:
		b = append(b, "type=registry"...)
		if !e.Ref.IsZero() {
			b = append(b, ",ref="...)
			b = append(b, e.Ref.String()...)
		}
		b = appendOpt(b, "registry.insecure", &e.Insecure)
		b = e.ExportOptions.appendTo(b)
		return appendExtra(b, &e.Extra)
	case *Local:
		b = append(b, "type=local"...)
		b = appendOpt(b, "dest", &e.Dest)
		b = appendOpt(b, "src", &e.Src)
		b = appendOpt(b, "tag", &e.Tag)
		b = appendOpt(b, "digest", &e.Digest)
		b = appendOpt(b, "reset", &e.Reset)
		b = e.ExportOptions.appendTo(b)
		return appendExtra(b, &e.Extra)
	case *Inline:
		b = append(b, "type=inline"...)
		b = e.ExportOptions.appendTo(b)
		return appendExtra(b, &e.Extra)
	case *GHA:
		b = append(b, "type=gha"...)
		b = appendOpt(b, "scope", &e.Scope)
		b = appendOpt(b, "url", &e.URL)
		b = appendOpt(b, "url_v2", &e.URLV2)
		b = appendOpt(b, "version", &e.Version)
		b = appendOpt(b, "timeout", &e.Timeout)
		b = appendOpt(b, "repository", &e.Repository)
		b = appendSecret(b, "token", &e.Token)
		b = appendSecret(b, "ghtoken", &e.GHToken)
		b = e.ExportOptions.appendTo(b)
		return appendExtra(b, &e.Extra)
	case *S3:
		b = append(b, "type=s3"...)
		b = appendOpt(b, "region", &e.Region)
		b = appendOpt(b, "bucket", &e.Bucket)
		b = appendOpt(b, "name", &e.Name)
		b = appendOpt(b, "prefix", &e.Prefix)
		b = appendOpt(b, "manifests_prefix", &e.ManifestsPrefix)
		b = appendOpt(b, "blobs_prefix", &e.BlobsPrefix)
		b = appendOpt(b, "endpoint_url", &e.EndpointURL)
		b = appendOpt(b, "use_path_style", &e.UsePathStyle)
		b = appendSecret(b, "access_key_id", &e.AccessKeyID)
		b = appendSecret(b, "secret_access_key", &e.SecretAccessKey)
		b = appendSecret(b, "session_token", &e.SessionToken)
		b = appendOpt(b, "upload_parallelism", &e.UploadParallelism)
		b = appendOpt(b, "touch_refresh", &e.TouchRefresh)
		b = appendOpt(b, "disable_accept_encoding", &e.DisableAcceptEncoding)
		b = appendOpt(b, "retry_mode", &e.RetryMode)
		b = appendOpt(b, "retry_max_attempts", &e.RetryMaxAttempts)
		b = e.ExportOptions.appendTo(b)
		return appendExtra(b, &e.Extra)
	case *AzBlob:
		b = append(b, "type=azblob"...)
		b = appendOpt(b, "account_url", &e.AccountURL)
		b = appendOpt(b, "account_name", &e.AccountName)
		b = appendOpt(b, "container", &e.Container)
		b = appendOpt(b, "name", &e.Name)
		b = appendOpt(b, "prefix", &e.Prefix)
		b = appendOpt(b, "manifests_prefix", &e.ManifestsPrefix)
		b = appendOpt(b, "blobs_prefix", &e.BlobsPrefix)
		b = appendSecret(b, "secret_access_key", &e.SecretAccessKey)
		b = e.ExportOptions.appendTo(b)
		return appendExtra(b, &e.Extra)
	}
	return b
}
