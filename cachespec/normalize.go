package cachespec

// Normalize returns a copy of e that compares equal (==, after
// dereferencing, or [Equal]) to every entry BuildKit treats the same:
//
//   - registry refs fully qualified as BuildKit canonicalises them
//     (ParseNormalizedNamed, then TagNameOnly): "app" becomes
//     "docker.io/library/app:latest";
//   - bools, ints and durations spelled canonically ("1" becomes "true",
//     "600s" becomes "10m0s"), and force-compression= (empty, meaning true)
//     becomes force-compression=true;
//   - defaults made explicit where BuildKit has a default that no environment
//     variable can change: the defaults [Schema] lists (mode=min,
//     ignore-error=false, and per backend those in the package
//     documentation); an absent image-manifest follows oci-mediatypes.
//
// An inline entry normalizes to the bare "type=inline": BuildKit ignores
// every attribute on it (it always exports in min mode and takes its
// compression from the image output), so type=inline,mode=max is the same
// cache as type=inline.
//
// Attributes whose default comes from the daemon's environment (s3 region
// and bucket, azblob account, container and prefix) are left absent, since
// making them explicit would change what the entry means. Unknown attributes
// are kept as they are. Normalize is idempotent and never modifies e.
// Normalize(nil) is nil.
func Normalize(e Entry) Entry {
	if e == nil {
		return nil
	}
	if e.Type() == TypeInline {
		return &Inline{}
	}
	n := Clone(e)
	for i := range n.keys() {
		n.field(i).canonicalize()
	}
	fillDefaults(n)
	return n
}

// Clone returns a copy of e that shares nothing mutable with it.
func Clone(e Entry) Entry {
	switch e := e.(type) {
	case *Registry:
		c := *e
		return &c
	case *Local:
		c := *e
		return &c
	case *Inline:
		c := *e
		return &c
	case *GHA:
		c := *e
		return &c
	case *S3:
		c := *e
		return &c
	case *AzBlob:
		c := *e
		return &c
	}
	return nil
}

// Equal reports whether a and b are the same backend with equal attributes,
// as written. Compare Normalize(a) and Normalize(b) to ask whether BuildKit
// treats them the same.
func Equal(a, b Entry) bool {
	switch a := a.(type) {
	case *Registry:
		b, ok := b.(*Registry)
		return ok && *a == *b
	case *Local:
		b, ok := b.(*Local)
		return ok && *a == *b
	case *Inline:
		b, ok := b.(*Inline)
		return ok && *a == *b
	case *GHA:
		b, ok := b.(*GHA)
		return ok && *a == *b
	case *S3:
		b, ok := b.(*S3)
		return ok && *a == *b
	case *AzBlob:
		b, ok := b.(*AzBlob)
		return ok && *a == *b
	}
	return a == nil && b == nil
}

// NormalizeList returns the entries normalised one by one, without
// duplicates: an entry equal to an earlier one is dropped (Buildx's
// de-duplication, except that the first occurrence and the order are kept),
// and every inline entry after the first is dropped (BuildKit v0.26+
// collapses them). The input is not modified.
func NormalizeList(entries []Entry) []Entry {
	out := make([]Entry, 0, len(entries))
	inline := false
next:
	for _, e := range entries {
		if e == nil {
			continue
		}
		n := Normalize(e)
		if n.Type() == TypeInline {
			if inline {
				continue
			}
			inline = true
		}
		for _, prev := range out {
			if Equal(prev, n) {
				continue next
			}
		}
		out = append(out, n)
	}
	return out
}
