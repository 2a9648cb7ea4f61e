package analyzer

import (
	"fmt"
	"strings"
)

// DocsBaseURL is where each rule's documentation is published: the
// README's rule section, one anchor per rule id.
const DocsBaseURL = "https://github.com/velo-lsp/velo-lsp#"

// HelpURI is the address of a rule's documentation.
func HelpURI(r *Rule) string { return DocsBaseURL + strings.ToLower(r.ID) }

// RuleMarkdown renders a rule's documentation in its four sections, with
// headings at the given level (1: "#"). `velo-lsp explain` prints it and the
// README's rule list is generated from it.
func RuleMarkdown(r *Rule, level int) string {
	h := strings.Repeat("#", level)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s: %s\n\n", h, r.ID, r.Name, r.Title)
	fmt.Fprintf(&b, "Default level: %s. Since %s.", r.Severity, r.Since)
	if r.Safe {
		b.WriteString(" `check --fix` applies its fix.")
	}
	b.WriteString("\n\n")
	if len(r.Doc.See) > 0 {
		b.WriteString("Wix's documentation: " + strings.Join(r.Doc.See, ", ") + "\n\n")
	}
	for _, s := range []struct{ title, body string }{
		{"What it does", r.Doc.What},
		{"Why it matters", r.Doc.Why},
		{"Example", r.Doc.Example},
		{"Fix", r.Doc.Fix},
	} {
		fmt.Fprintf(&b, "%s# %s\n\n%s\n\n", h, s.title, strings.TrimSpace(s.body))
	}
	return b.String()
}

// RulesMarkdown renders the rule list of the README: a table, then each
// rule's documentation.
func RulesMarkdown() string {
	var b strings.Builder
	b.WriteString("| id | name | default | what |\n|---|---|---|---|\n")
	for _, r := range Rules() {
		fmt.Fprintf(&b, "| [%s](#%s) | `%s` | %s | %s |\n", r.ID, strings.ToLower(r.ID), r.Name, r.Severity, r.Title)
	}
	b.WriteString("\n")
	for _, r := range Rules() {
		fmt.Fprintf(&b, "<a id=\"%s\"></a>\n\n", strings.ToLower(r.ID))
		b.WriteString(RuleMarkdown(r, 3))
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}
