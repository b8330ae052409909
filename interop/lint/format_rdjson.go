package lint

import (
	"encoding/json"
	"io"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

// The Reviewdog Diagnostic Format, as JSON (rdjson): a DiagnosticResult.
type rdResult struct {
	Source      rdSource       `json:"source"`
	Diagnostics []rdDiagnostic `json:"diagnostics"`
}

type rdSource struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type rdDiagnostic struct {
	Message     string         `json:"message"`
	Location    rdLocation     `json:"location"`
	Severity    string         `json:"severity"`
	Source      rdSource       `json:"source"`
	Code        rdCode         `json:"code"`
	Suggestions []rdSuggestion `json:"suggestions,omitempty"`
}

type rdLocation struct {
	Path  string   `json:"path"`
	Range *rdRange `json:"range,omitempty"`
}

type rdRange struct {
	Start rdPosition  `json:"start"`
	End   *rdPosition `json:"end,omitempty"`
}

type rdPosition struct {
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
}

type rdCode struct {
	Value string `json:"value"`
	URL   string `json:"url,omitempty"`
}

type rdSuggestion struct {
	Range rdRange `json:"range"`
	Text  string  `json:"text"`
}

// RDJSONWriter writes reviewdog's Diagnostic Format as JSON (rdjson, read
// with reviewdog -f=rdjson): the source buildxcache, and per diagnostic its
// message with the fixes, the location (path relative to Base when under it,
// and the range when the line is known; columns count bytes from 1, as
// rdjson's do), severity ERROR, WARNING or INFO, the rule as code with the
// URL of its documentation, and the edits of the first fix placed in the
// file as suggestions. Control characters other than newline and tab in
// names and messages are replaced by their escaped text.
type RDJSONWriter struct {
	Base string
}

// Write implements Writer.
func (x RDJSONWriter) Write(w io.Writer, r Result) error {
	src := rdSource{Name: "buildxcache", URL: "https://github.com/buildxcache/buildxcache"}
	out := rdResult{Source: src, Diagnostics: make([]rdDiagnostic, 0, len(r.Diagnostics))}
	for _, d := range r.Diagnostics {
		d = sanitized(r.secrets.printed(d), true)
		msg := d.Message
		for _, f := range d.Fixes {
			if t := fixText(f); t != "" {
				msg += "\nfix: " + t
			}
		}
		rd := rdDiagnostic{
			Message:  msg,
			Location: rdLocation{Path: relURI(x.Base, d.Range.File), Range: rdRangeOf(d.Range)},
			Severity: rdSeverity(d.Severity),
			Source:   src,
			Code:     rdCode{Value: d.Rule},
		}
		if rule, ok := validate.Lookup(d.Rule); ok {
			rd.Code.URL = rule.URL()
		}
		for _, f := range d.Fixes {
			var sugg []rdSuggestion
			for _, e := range f.Edits {
				rg := rdRangeOf(e.Range)
				if rg == nil || rg.Start.Column == 0 {
					sugg = nil
					break
				}
				if rg.End == nil {
					rg.End = &rdPosition{Line: rg.Start.Line, Column: rg.Start.Column}
				}
				sugg = append(sugg, rdSuggestion{Range: *rg, Text: e.NewText})
			}
			if len(sugg) > 0 {
				rd.Suggestions = sugg
				break
			}
		}
		out.Diagnostics = append(out.Diagnostics, rd)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// rdRangeOf converts a range whose line is known; the end is left out when
// it is not after the start, which rdjson reads as an empty range.
func rdRangeOf(r diag.Range) *rdRange {
	if r.Start.Line < 1 {
		return nil
	}
	rg := &rdRange{Start: rdPosition{Line: r.Start.Line, Column: r.Start.Col}}
	if r.End.Line > r.Start.Line || r.End.Line == r.Start.Line && r.End.Col > r.Start.Col {
		rg.End = &rdPosition{Line: r.End.Line, Column: r.End.Col}
	}
	return rg
}

// rdSeverity names a severity as rdjson's Severity enum does.
func rdSeverity(s validate.Severity) string {
	switch s {
	case validate.SeverityError:
		return "ERROR"
	case validate.SeverityWarning:
		return "WARNING"
	}
	return "INFO"
}
