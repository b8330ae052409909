package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/interop/workflow"
	"github.com/buildxcache/buildxcache/validate"
)

// WriteText writes one line per finding, "file:line:col: severity: message
// [Rule]", followed by an indented "fix:" line when there is a fix, and a
// summary line.
func WriteText(w io.Writer, r Result) error {
	var b strings.Builder
	for _, f := range r.Findings {
		b.WriteString(f.String())
		b.WriteByte('\n')
		if f.Fix != "" {
			b.WriteString("    fix: ")
			b.WriteString(f.Fix)
			b.WriteByte('\n')
		}
	}
	counts := map[validate.Severity]int{}
	for _, f := range r.Findings {
		counts[f.Severity]++
	}
	fmt.Fprintf(&b, "%d files, %d errors, %d warnings, %d info\n", r.Files, counts[validate.Error], counts[validate.Warning], counts[validate.Info])
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonFinding is the JSON shape of one finding.
type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Fix      string `json:"fix"`
}

// WriteJSON writes {"files": N, "diagnostics": [{"file", "line", "column",
// "rule", "severity", "message", "fix"}]}. Line and column are 0 when
// unknown.
func WriteJSON(w io.Writer, r Result) error {
	out := struct {
		Files       int           `json:"files"`
		Diagnostics []jsonFinding `json:"diagnostics"`
	}{Files: r.Files, Diagnostics: make([]jsonFinding, 0, len(r.Findings))}
	for _, f := range r.Findings {
		out.Diagnostics = append(out.Diagnostics, jsonFinding{
			File: f.Pos.File, Line: f.Pos.Line, Column: f.Pos.Col, Rule: f.Rule,
			Severity: f.Severity.String(), Message: f.Message, Fix: f.Fix,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// RuleDoc documents a rule: the cache rules of validate and the file rules
// of the readers.
type RuleDoc struct {
	Name     string
	Code     string
	Severity validate.Severity
	Summary  string
	// Markdown is the full documentation.
	Markdown string
	// URL is the rule's section in the published documentation.
	URL string
}

// fileRules are the rules readers report about files themselves.
var fileRules = []RuleDoc{
	{Name: source.RuleUnreadableFile, Code: "FILE01", Severity: validate.Error,
		Summary: "A file cannot be read: missing, unreadable, binary, not UTF-8, or larger than 4 MiB.",
		Markdown: "The file was not linted. Workflows, bake files and compose files are small UTF-8 text files; " +
			"a binary or huge file under a linted path is usually a mistake in the paths given."},
	{Name: source.RuleSyntaxError, Code: "FILE02", Severity: validate.Error,
		Summary: "A file is not valid YAML, HCL or JSON, or not the shape its tool expects.",
		Markdown: "The tool that reads the file (GitHub Actions, `docker buildx bake`, `docker compose`) refuses it too, " +
			"so no build runs. The message quotes the parser's error and the line it names."},
	{Name: source.RuleIgnoredCacheKey, Code: "FILE03", Severity: validate.Warning,
		Summary: "A misspelled cache key (cache_from in bake HCL, cache-from in compose) that the tool ignores.",
		Markdown: "Bake's HCL and JSON targets spell the attributes `cache-from` and `cache-to`; compose spells them " +
			"`cache_from` and `cache_to`. The other spelling is not an error for every loader, and the cache is silently not used."},
	{Name: workflow.RuleUnparsableRunScript, Code: "FILE04", Severity: validate.Warning,
		Summary: "A run: script that a POSIX/bash parser refuses, so the build commands in it are not checked.",
		Markdown: "The linter splits run: scripts with a real shell parser (mvdan.cc/sh). A script it cannot parse is " +
			"likely to fail in bash too; its docker buildx build and buildctl build commands are not checked."},
	{Name: workflow.RuleMatrixTooLarge, Code: "FILE05", Severity: validate.Info,
		Summary:  "A job's matrix expands to more than 256 combinations; only the first 256 are checked.",
		Markdown: "GitHub refuses matrices of more than 256 jobs per workflow run, so such a workflow does not run as written."},
}

// Rules returns the documentation of every rule the linter reports: the
// validate registry, then the file rules.
func Rules() []RuleDoc {
	var out []RuleDoc
	for _, r := range validate.Rules() {
		out = append(out, RuleDoc{Name: r.Name, Code: r.Code, Severity: r.Severity, Summary: r.Summary, Markdown: r.Markdown(),
			URL: DocsURL + "#" + strings.ToLower(r.Name)})
	}
	for _, r := range fileRules {
		r.URL = FileRulesURL
		r.Markdown = "## " + r.Name + "\n\n" + "Code " + r.Code + ", severity " + r.Severity.String() + ".\n\n" + r.Summary + "\n\n" + r.Markdown + "\n"
		out = append(out, r)
	}
	return out
}

// LookupRule returns the documentation of the rule named name, matched
// without regard to case, or by its code.
func LookupRule(name string) (RuleDoc, bool) {
	for _, r := range Rules() {
		if strings.EqualFold(r.Name, name) || strings.EqualFold(r.Code, name) {
			return r, true
		}
	}
	return RuleDoc{}, false
}

// SARIF 2.1.0, the subset GitHub code scanning reads.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
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
	RuleID    string          `json:"ruleId"`
	RuleIndex *int            `json:"ruleIndex,omitempty"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
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
}

// sarifLevel maps severities to SARIF levels.
func sarifLevel(s validate.Severity) string {
	switch s {
	case validate.Error:
		return "error"
	case validate.Warning:
		return "warning"
	}
	return "note"
}

// DocsURL is where the rule catalogue is published; FileRulesURL documents
// the rules about files themselves.
const (
	DocsURL      = "https://github.com/buildxcache/buildxcache/blob/main/docs/rules.md"
	FileRulesURL = "https://github.com/buildxcache/buildxcache/blob/main/docs/cli.md#file-rules"
)

// WriteSARIF writes the result as a SARIF 2.1.0 log that GitHub code
// scanning accepts: every rule with its help text, and one result per
// finding with a repository-relative location (relative to base when the
// path is under it). version is the tool's version.
func WriteSARIF(w io.Writer, r Result, base, version string) error {
	rules := Rules()
	index := make(map[string]int, len(rules))
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
	}
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{
		Name: "buildxcache", InformationURI: "https://github.com/buildxcache/buildxcache", Version: version,
	}}, Results: []sarifResult{}}
	for i, rd := range rules {
		index[rd.Name] = i
		sev := map[validate.Severity]string{validate.Error: "error", validate.Warning: "warning", validate.Info: "recommendation"}[rd.Severity]
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID: rd.Name, Name: rd.Name,
			ShortDescription:     sarifText{Text: rd.Summary},
			FullDescription:      sarifText{Text: rd.Summary},
			Help:                 sarifText{Text: rd.Summary + " See " + rd.URL, Markdown: rd.Markdown},
			HelpURI:              rd.URL,
			DefaultConfiguration: sarifConfig{Level: sarifLevel(rd.Severity)},
			Properties:           sarifRuleProperty{Tags: []string{"buildx", "cache"}, Precision: "high", ProblemSeverity: sev},
		})
	}
	for _, f := range r.Findings {
		var ri *int
		if i, ok := index[f.Rule]; ok {
			ri = &i
		}
		msg := f.Message
		if f.Fix != "" {
			msg += " Fix: " + f.Fix
		}
		line, col := f.Pos.Line, f.Pos.Col
		if line < 1 {
			line, col = 1, 0
		}
		res := sarifResult{
			RuleID: f.Rule, RuleIndex: ri, Level: sarifLevel(f.Severity), Message: sarifText{Text: msg},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: relURI(base, f.Pos.File)},
				Region:           sarifRegion{StartLine: line, StartColumn: col},
			}}},
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
				if rel, err := filepath.Rel(b, abs); err == nil && !strings.HasPrefix(rel, "..") {
					path = rel
				}
			}
		}
	}
	return filepath.ToSlash(path)
}
