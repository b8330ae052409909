package cachespec

import (
	"errors"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestValidateTypedEntries: entries built in Go with values Parse refuses
// are refused by Validate and by every printer that returns an error.
func TestValidateTypedEntries(t *testing.T) {
	t.Parallel()
	bad := map[string]Entry{
		"mode":               &GHA{ExportOptions: ExportOptions{Mode: Some(Mode("maxx"))}},
		"compression":        &Registry{ExportOptions: ExportOptions{Compression: Some(Compression("lz4"))}},
		"compression-level":  &Local{Dest: Some("d"), ExportOptions: ExportOptions{CompressionLevel: Some(99)}},
		"upload_parallelism": &S3{UploadParallelism: Some(0)},
		"dest":               &Local{Dest: Some("/a\nb")},
		"retry_max_attempts": &S3{RetryMaxAttempts: Some(-1)},
		"version":            &GHA{Version: Some(0)},
		"retry_mode":         &S3{RetryMode: Some(RetryMode("fast"))},
		"token":              &GHA{Token: NewSecret("a\x00SECRET")},
		"TAG":                &Local{Extra: AttributesOf(Attr{Key: "TAG", Value: "x"})},
		"dest ":              &Local{Extra: AttributesOf(Attr{Key: "dest ", Value: "x"})},
		"x-pwd":              &Local{Extra: AttributesOf(Attr{Key: "x-pwd", Value: "SECRET\n"})},
		"timeout":            &GHA{Timeout: Some(-time.Second), ExportOptions: ExportOptions{Mode: Some(Mode(""))}},
	}
	for key, e := range bad {
		err := e.Validate()
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: Validate = %v, want a *ParseError", key, err)
			continue
		}
		if key != "timeout" && pe.Key != key {
			t.Errorf("%s: Validate names %q: %v", key, pe.Key, err)
		}
		if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("%s: error leaks: %v", key, err)
		}
		if pe.Fix == "" || pe.Diagnostic().Fix().Message == "" {
			t.Errorf("%s: Validate gives no fix: %v", key, err)
		}
		if _, err := e.MarshalText(); err == nil {
			t.Errorf("%s: MarshalText accepted %q", key, Format(e))
		}
		if _, err := e.AppendText(nil); err == nil {
			t.Errorf("%s: AppendText accepted it", key)
		}
		if _, err := e.MarshalJSON(); err == nil {
			t.Errorf("%s: MarshalJSON accepted it", key)
		}
		if _, err := FormatActionInput([]Entry{e}); err == nil {
			t.Errorf("%s: FormatActionInput accepted it", key)
		}
		if err := ValidateAll([]Entry{&Inline{}, e}); !errors.As(err, &pe) || pe.Index != 1 {
			t.Errorf("%s: ValidateAll = %v, want index 1", key, err)
		}
	}
	if err := Validate(nil); err == nil {
		t.Errorf("Validate(nil) = nil")
	}
}

// TestPropertyValidateAgreesWithParse: Validate accepts exactly the entries
// whose canonical form Parse reads back to the same entry, for valid
// generated entries and for ones with a field set in Go to a value drawn
// from anything a field's type can hold.
func TestPropertyValidateAgreesWithParse(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		e := genEntry().Draw(t, "entry")
		if err := Validate(e); err != nil {
			t.Fatalf("Validate refused a valid entry %q: %v", Format(e), err)
		}
		o := exportOptions(e)
		switch rapid.IntRange(0, 4).Draw(t, "corrupt") {
		case 1:
			o.Mode = Some(Mode(rapid.SampledFrom([]string{"min", "max", "maxx", "", "MAX"}).Draw(t, "mode")))
		case 2:
			o.Compression = Some(Compression(rapid.SampledFrom([]string{"gzip", "zstd", "lz4", "none"}).Draw(t, "compression")))
		case 3:
			o.CompressionLevel = Some(rapid.IntRange(-5, 30).Draw(t, "level"))
		case 4:
			if s, ok := e.(*S3); ok {
				s.UploadParallelism = Some(rapid.IntRange(-2, 3).Draw(t, "parallelism"))
			}
		}
		verr := Validate(e)
		back, perr := Parse(Format(e))
		if (verr == nil) != (perr == nil && Equal(back, e)) {
			t.Fatalf("Validate(%q) = %v, Parse = %v", Format(e), verr, perr)
		}
	})
}

func TestShorthandFixOnlyForRegistry(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, fix, notFix string }{
		{"type=gha,scope=app,max", "mode=max", "ref="},
		{"type=inline,max", "mode=max", "ref="},
		{"type=s3,mybucket", "type=s3 reads region, bucket", "ref="},
		{"type=gha,mybucket", "write key=value", "ref="},
		{"type=registry,ghcr.io/o/app:cache", `"ref=ghcr.io/o/app:cache"`, ""},
		{"ghcr.io/o/app,mode=max", `"ref=ghcr.io/o/app"`, ""},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q) = %v", tt.in, err)
			continue
		}
		if !strings.Contains(pe.Fix, tt.fix) || tt.notFix != "" && strings.Contains(pe.Fix, tt.notFix) {
			t.Errorf("Parse(%q) fix %q, want %q and not %q", tt.in, pe.Fix, tt.fix, tt.notFix)
		}
	}
	// min and max are mechanical when the value has no mode yet.
	_, err := Parse("type=gha,scope=app,max")
	var pe *ParseError
	if errors.As(err, &pe) {
		if f := pe.Diagnostic().Fix(); len(f.Edits) != 1 {
			t.Errorf("no edit for max")
		} else if got, _ := f.Apply("type=gha,scope=app,max"); got != "type=gha,scope=app,mode=max" {
			t.Errorf("fix gives %q", got)
		}
	}
}

func TestNormalizeInlineIgnoresAttributes(t *testing.T) {
	t.Parallel()
	a, b := Normalize(MustParse("type=inline,mode=max")), Normalize(MustParse("type=inline"))
	if !Equal(a, b) || Format(a) != "type=inline" {
		t.Errorf("Normalize(inline,mode=max) = %q, Normalize(inline) = %q", Format(a), Format(b))
	}
}

func TestActionInputLinesAndIndexes(t *testing.T) {
	t.Parallel()
	in := "type=gha,scope=a\n\n# not a comment\r\ntype=gha,mode=maxx\n"
	_, err := ParseActionInput(in)
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("ParseActionInput = %v", err)
	}
	// Items: 0 "type=gha,scope=a" (line 1), 1 "# not a comment" (line 3),
	// 2 "type=gha,mode=maxx" (line 4).
	if pe.Index != 1 || pe.Line != 3 || !strings.Contains(err.Error(), "line 3 ") {
		t.Errorf("index %d line %d: %v; want index 1 (0-based) on line 3 (1-based)", pe.Index, pe.Line, err)
	}
	_, err = ParseActionInput("type=gha\n\n\ntype=gha,mode=maxx")
	if !errors.As(err, &pe) || pe.Index != 1 || pe.Line != 4 {
		t.Errorf("ParseActionInput = %v (index %d, line %d), want index 1, line 4", err, pe.Index, pe.Line)
	}
	_, err = SplitActionInput("a\nb\n\"c")
	var ae *ActionInputError
	if !errors.As(err, &ae) || ae.Line != 3 {
		t.Errorf("SplitActionInput = %v, want line 3", err)
	}
}

func TestWhitespaceFixText(t *testing.T) {
	t.Parallel()
	_, err := Parse("type=gha, mode=max")
	var pe *ParseError
	if !errors.As(err, &pe) || !strings.Contains(pe.Fix, `"mode=max"`) || strings.HasPrefix(pe.Fix, "remove") {
		t.Errorf("fix %q: want the corrected field, not an instruction that reads as removing it", pe.Fix)
	}
	_, err = Parse("type=s3, secret_access_key=SECRET123")
	if err == nil || strings.Contains(err.Error(), "SECRET123") {
		t.Errorf("Parse = %v", err)
	}
}
