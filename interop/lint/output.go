package lint

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

// Writer prints the result of a lint run in one format. Every writer
// prints each diagnostic's rule, severity, message, range (end included
// where known) and fixes.
type Writer interface {
	Write(w io.Writer, r Result) error
}

// Formats are the output formats NewWriter knows.
var Formats = []string{"text", "json", "sarif", "github", "rdjson", "gitlab"}

// NewWriter returns the writer for format: "text", "json", "sarif",
// "github" (GitHub Actions workflow commands), "rdjson" (reviewdog) or
// "gitlab" (GitLab code quality). The paths of sarif, github, rdjson and
// gitlab output are made relative to base when they are under it; version
// is the tool's version, for SARIF.
func NewWriter(format, base, version string) (Writer, error) {
	switch format {
	case "text", "":
		return TextWriter{}, nil
	case "json":
		return JSONWriter{}, nil
	case "sarif":
		return SARIFWriter{Base: base, Version: version}, nil
	case "github":
		return GitHubWriter{Base: base}, nil
	case "rdjson":
		return RDJSONWriter{Base: base}, nil
	case "gitlab":
		return GitLabWriter{Base: base}, nil
	}
	return nil, fmt.Errorf("unknown format %q; use %s", format, strings.Join(Formats, ", "))
}

// fixText is what a fix says to a reader: its message and, when its edits
// are known, the corrected value (secrets redacted).
func fixText(f diag.Fix) string {
	if f.Fixed == "" {
		return f.Message
	}
	if f.Message == "" {
		return f.Fixed
	}
	return f.Message + ": " + f.Fixed
}

// TextWriter writes one line per diagnostic, "file:line:col: severity:
// message [Rule]", followed by an indented "fix:" line per fix, and a
// summary line. Control characters, newlines included, are printed as their
// escapes ("\x1b", "\n"), so each line is one diagnostic or fix.
type TextWriter struct{}

// Write implements Writer.
func (TextWriter) Write(w io.Writer, r Result) error {
	var b strings.Builder
	counts := map[validate.Severity]int{}
	for _, d := range r.Diagnostics {
		counts[d.Severity]++
		d = sanitized(r.secrets.printed(d), false)
		b.WriteString(d.String())
		b.WriteByte('\n')
		for _, f := range d.Fixes {
			if t := fixText(f); t != "" {
				b.WriteString("    fix: ")
				b.WriteString(t)
				b.WriteByte('\n')
			}
		}
	}
	fmt.Fprintf(&b, "%d files, %d errors, %d warnings, %d info\n", r.Files, counts[validate.SeverityError], counts[validate.SeverityWarning], counts[validate.SeverityInfo])
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonDiagnostic is the JSON shape of one diagnostic.
type jsonDiagnostic struct {
	File      string    `json:"file"`
	Line      int       `json:"line"`
	Column    int       `json:"column"`
	EndLine   int       `json:"end_line"`
	EndColumn int       `json:"end_column"`
	Rule      string    `json:"rule"`
	Severity  string    `json:"severity"`
	Message   string    `json:"message"`
	Fix       string    `json:"fix"`
	Fixes     []jsonFix `json:"fixes"`
	Build     string    `json:"build,omitempty"`
	Kind      string    `json:"kind,omitempty"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Fixed   string     `json:"fixed,omitempty"`
	Edits   []jsonEdit `json:"edits,omitempty"`
}

type jsonEdit struct {
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	NewText   string `json:"new_text"`
}

// JSONWriter writes {"files": N, "diagnostics": [{"file", "line",
// "column", "end_line", "end_column", "rule", "severity", "message", "fix",
// "fixes", "build", "kind"}]}; "kind" is the kind of the file (workflow,
// bake, compose, script, makefile) when it was read. Lines and columns are
// 0 when unknown; "fix" is the first fix as text, "fixes" every fix with its message, the corrected
// value (secrets redacted) and the edits placed in the file. Control
// characters other than newline and tab in names and messages are replaced
// by their escaped text.
type JSONWriter struct{}

// Write implements Writer. It writes what encoding/json's indented
// encoding of the whole report would, one diagnostic at a time, so that
// the report is never held in memory whole.
func (JSONWriter) Write(w io.Writer, r Result) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	fmt.Fprintf(bw, "{\n  \"files\": %d,\n  \"diagnostics\": [", r.Files)
	var buf []byte
	for i, d := range r.Diagnostics {
		d = sanitized(r.secrets.printed(d), true)
		j := jsonDiagnostic{
			File: d.Range.File, Line: d.Range.Start.Line, Column: d.Range.Start.Col,
			EndLine: d.Range.End.Line, EndColumn: d.Range.End.Col, Rule: d.Rule,
			Severity: d.Severity.String(), Message: d.Message, Fix: fixText(d.Fix()), Fixes: []jsonFix{}, Build: d.Subject,
		}
		if k, ok := r.Kinds[d.Range.File]; ok {
			j.Kind = k.String()
		}
		for _, f := range d.Fixes {
			jf := jsonFix{Message: f.Message, Fixed: f.Fixed}
			for _, e := range f.Edits {
				if e.Range.IsZero() {
					continue
				}
				jf.Edits = append(jf.Edits, jsonEdit{Line: e.Range.Start.Line, Column: e.Range.Start.Col,
					EndLine: e.Range.End.Line, EndColumn: e.Range.End.Col, NewText: e.NewText})
			}
			j.Fixes = append(j.Fixes, jf)
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		buf = appendJSONDiagnostic(buf[:0], &j)
		bw.Write(buf)
	}
	if len(r.Diagnostics) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	return bw.Flush()
}

// SARIF 2.1.0, the subset GitHub code scanning reads.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactURI `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                      `json:"columnKind"`
	Results            []sarifResult               `json:"results"`
}

type sarifArtifactURI struct {
	URI string `json:"uri"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 sarifText         `json:"help"`
	HelpURI              string            `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfig       `json:"defaultConfiguration"`
	Properties           sarifRuleProperty `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleProperty struct {
	Tags            []string `json:"tags"`
	Precision       string   `json:"precision"`
	ProblemSeverity string   `json:"problem.severity"`
}

type sarifResult struct {
	RuleID     string          `json:"ruleId"`
	RuleIndex  *int            `json:"ruleIndex,omitempty"`
	Level      string          `json:"level"`
	Message    sarifText       `json:"message"`
	Locations  []sarifLocation `json:"locations"`
	Fixes      []sarifFix      `json:"fixes,omitempty"`
	Properties sarifResultProp `json:"properties"`
}

// sarifResultProp keeps buildxcache's own severity, which SARIF's levels
// do not all have a name for (info is "note").
type sarifResultProp struct {
	Severity string `json:"buildxcache/severity"`
}

type sarifFix struct {
	Description     sarifText           `json:"description"`
	ArtifactChanges []sarifArtifactEdit `json:"artifactChanges"`
}

type sarifArtifactEdit struct {
	ArtifactLocation sarifArtifact      `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent sarifText   `json:"insertedContent"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// region converts a range, its columns counted in UTF-16 code units
// (sarifColumnKind) with the lines' texts; a range whose end is not after
// its start gives the start only.
func region(r diag.Range, lines lineTexts) sarifRegion {
	g := sarifRegion{StartLine: r.Start.Line, StartColumn: lines.utf16Col(r.File, r.Start.Line, r.Start.Col)}
	if g.StartLine < 1 {
		return sarifRegion{StartLine: 1}
	}
	if r.End.Line > r.Start.Line || r.End.Line == r.Start.Line && r.End.Col > r.Start.Col {
		g.EndLine, g.EndColumn = r.End.Line, lines.utf16Col(r.File, r.End.Line, r.End.Col)
	}
	return g
}

// sarifLevel maps severities to SARIF levels.
func sarifLevel(s validate.Severity) string {
	switch s {
	case validate.SeverityError:
		return "error"
	case validate.SeverityWarning:
		return "warning"
	}
	return "note"
}

// SARIFWriter writes a SARIF 2.1.0 log that GitHub code scanning accepts:
// every rule with its help text, and one result per diagnostic with a
// repository-relative location (a percent-encoded relative URI reference
// under the uriBaseId %SRCROOT%, which is Base, when the path is under Base
// or relative; else an absolute file: URI), columns in UTF-16 code units
// (columnKind utf16CodeUnits), its end where known, and its fixes as replacements where their
// edits are placed in the file, and buildxcache's severity in its
// properties. Control characters other than newline and tab in names and
// messages are replaced by their escaped text. Version is the tool's
// version.
type SARIFWriter struct {
	Base, Version string
}

// Write implements Writer.
func (s SARIFWriter) Write(w io.Writer, r Result) error {
	rules := validate.Rules()
	index := make(map[string]int, len(rules))
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
	}
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{
		Name: "buildxcache", InformationURI: "https://github.com/buildxcache/buildxcache", Version: s.Version,
	}}, ColumnKind: sarifColumnKind, Results: []sarifResult{}}
	if s.Base != "" {
		if abs, err := filepath.Abs(s.Base); err == nil {
			u, _ := sarifURI("", abs)
			run.OriginalURIBaseIDs = map[string]sarifArtifactURI{sarifSrcRoot: {URI: strings.TrimSuffix(u, "/") + "/"}}
		}
	}
	for i, rd := range rules {
		index[rd.Name] = i
		sev := map[validate.Severity]string{validate.SeverityError: "error", validate.SeverityWarning: "warning", validate.SeverityInfo: "recommendation"}[rd.Severity]
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID: rd.Name, Name: rd.Name,
			ShortDescription:     sarifText{Text: rd.Summary},
			FullDescription:      sarifText{Text: rd.Summary},
			Help:                 sarifText{Text: rd.Summary + ". See " + rd.URL(), Markdown: rd.Markdown()},
			HelpURI:              rd.URL(),
			DefaultConfiguration: sarifConfig{Level: sarifLevel(rd.Severity)},
			Properties:           sarifRuleProperty{Tags: []string{"buildx", "cache"}, Precision: "high", ProblemSeverity: sev},
		})
	}
	for _, d := range r.Diagnostics {
		file := d.Range.File // percent-encoded in the URI: as it is
		d = sanitized(r.secrets.printed(d), true)
		var ri *int
		if i, ok := index[d.Rule]; ok {
			ri = &i
		}
		msg := d.Message
		if t := fixText(d.Fix()); t != "" {
			msg += " Fix: " + t
		}
		uri, baseID := sarifURI(s.Base, file)
		res := sarifResult{
			RuleID: d.Rule, RuleIndex: ri, Level: sarifLevel(d.Severity), Message: sarifText{Text: msg},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: uri, URIBaseID: baseID},
				Region:           region(d.Range, r.lines),
			}}},
			Properties: sarifResultProp{Severity: d.Severity.String()},
		}
		for _, f := range d.Fixes {
			var reps []sarifReplacement
			for _, e := range f.Edits {
				if e.Range.IsZero() || e.Range.Start.Line < 1 {
					reps = nil
					break
				}
				reps = append(reps, sarifReplacement{DeletedRegion: sarifRegion{
					StartLine: e.Range.Start.Line, StartColumn: r.lines.utf16Col(e.Range.File, e.Range.Start.Line, e.Range.Start.Col),
					EndLine: e.Range.End.Line, EndColumn: r.lines.utf16Col(e.Range.File, e.Range.End.Line, e.Range.End.Col),
				}, InsertedContent: sarifText{Text: e.NewText}})
			}
			if len(reps) > 0 {
				res.Fixes = append(res.Fixes, sarifFix{Description: sarifText{Text: fixText(f)},
					ArtifactChanges: []sarifArtifactEdit{{ArtifactLocation: sarifArtifact{URI: uri, URIBaseID: baseID}, Replacements: reps}}})
			}
		}
		run.Results = append(run.Results, res)
	}
	log.Runs = []sarifRun{run}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// relURI returns path relative to base, with forward slashes.
func relURI(base, path string) string {
	if base != "" {
		if abs, err := filepath.Abs(path); err == nil {
			if b, err := filepath.Abs(base); err == nil {
				if rel, err := filepath.Rel(b, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
					path = rel
				}
			}
		}
	}
	return filepath.ToSlash(path)
}
