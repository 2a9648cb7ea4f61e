package analyzer

import (
	"bytes"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
	"github.com/velo-lsp/velo-lsp/catalog"
)

// Facts: what several rules need from one file, computed once per file on
// first use. This is go/analysis's Requires/ResultOf without the
// declaration: a rule asks the pass for a fact, and a fact that no running
// rule asks for is never computed (with every name rule off, the chains of
// `export *` are never resolved).
type facts struct {
	toks *jsparse.Tokens

	spelled map[string]bool    // whether an identifier token spells the name (spellsIdentifier)
	refs    map[string][]Range // renamable references by binding name (referencesTo)

	handlersDone bool
	handlers     []*jsparse.Export

	namesDone bool
	names     []exportedName

	supsDone bool
	sups     []*suppression
	lines    *lineTable
}

// tokens returns the file's token stream, lexed once.
func (p *Pass) tokens() *jsparse.Tokens {
	if p.facts.toks == nil {
		p.facts.toks = jsparse.Lex(p.in.Text, p.lang)
	}
	return p.facts.toks
}

// exports reports whether the file exports name (ESM or CommonJS).
func (p *Pass) exports(name string) bool {
	for i := range p.file.Exports {
		if p.file.Exports[i].Name == name {
			return true
		}
	}
	return false
}

// handlerExports are the file's exports that are meant to be handlers
// (handlerLike), type-only ones left out, in file order.
func (p *Pass) handlerExports() []*jsparse.Export {
	if !p.facts.handlersDone {
		p.facts.handlersDone = true
		for i := range p.file.Exports {
			e := &p.file.Exports[i]
			if !e.TypeOnly && handlerLike(p.cat, e.Name) {
				p.facts.handlers = append(p.facts.handlers, e)
			}
		}
	}
	return p.facts.handlers
}

// exportedName is one name the file exports that the catalog has
// something to say about, with where a finding about it goes.
type exportedName struct {
	name    string
	rng     Range       // the name, or the `export *` statement that brings it
	via     string      // "through `export * from './x.js'`, " for a name a chain brings, else ""
	rename  renamer     // nil: it cannot be renamed in place
	verdict nameVerdict // what the catalog says
	// The catalog's entries: the best ones of the name (deprecated or
	// removed), what else the name is (wrong file), or which version of
	// a known name it may be (unverified).
	events   []*catalog.Event
	notEvent *catalog.NotEvent
	variant  *catalog.Variant
}

// nameVerdict is the catalog's verdict on an exported name; each verdict
// but nameFine is one rule's to report.
type nameVerdict int

const (
	nameFine         nameVerdict = iota // a current event, or not meant as a handler
	nameUnknown                         // VELO001
	nameDeprecated                      // VELO002, before its sunset date
	nameSunsetPassed                    // VELO003: deprecated, and its sunset date has passed
	nameRemoved                         // VELO003
	nameUnverified                      // VELO004
	nameWrongFile                       // VELO021
)

// exportedNames judges every exported name of the file against the
// catalog: its own exports and, in a file whose handlers are judged, the
// names that local `export *` chains bring (judged at the `export *`).
// Names the catalog has nothing to say about are left out.
func (p *Pass) exportedNames() []exportedName {
	if p.facts.namesDone {
		return p.facts.names
	}
	p.facts.namesDone = true
	add := func(n exportedName) {
		if judgeName(p, &n); n.verdict != nameFine {
			p.facts.names = append(p.facts.names, n)
		}
	}
	for i := range p.file.Exports {
		e := &p.file.Exports[i]
		if e.TypeOnly || e.Name == "" || e.Name == "default" {
			continue
		}
		add(exportedName{name: e.Name, rng: toRange(e.NameRange), rename: renamerFor(p, e)})
	}
	if p.in.Role.Judged() {
		for _, n := range chainNames(p) {
			add(n)
		}
	}
	return p.facts.names
}

// judgeName fills n's verdict and the catalog entries behind it.
func judgeName(p *Pass, n *exportedName) {
	if evs := p.cat.Lookup(n.name); len(evs) > 0 {
		n.events = bestEvents(evs)
		switch e := n.events[0]; {
		case e.Status == catalog.StatusRemoved:
			n.verdict = nameRemoved
		case sunsetPassed(e, p.now):
			n.verdict = nameSunsetPassed
		case e.Status == catalog.StatusDeprecated:
			n.verdict = nameDeprecated
		}
		return
	}
	if ne := catalog.ClassifyNotEvent(n.name); ne != nil {
		n.verdict, n.notEvent = nameWrongFile, ne
		return
	}
	if handlerLike(p.cat, n.name) {
		if v := p.cat.Variant(n.name); v != nil {
			n.verdict, n.variant = nameUnverified, v
			return
		}
		n.verdict = nameUnknown
	}
}

// namesJudged returns the exported names with verdict v.
func (p *Pass) namesJudged(v nameVerdict) []exportedName {
	var out []exportedName
	for _, n := range p.exportedNames() {
		if n.verdict == v {
			out = append(out, n)
		}
	}
	return out
}

// suppressions returns the file's suppression comments and its line
// table (nil when the text spells no suppression at all).
func (p *Pass) suppressions() ([]*suppression, *lineTable) {
	if !p.facts.supsDone {
		p.facts.supsDone = true
		if bytes.Contains(p.in.Text, []byte(suppressionDirective)) {
			p.facts.lines = newLineTable(p.in.Text)
			p.facts.sups = parseSuppressions(p.in.Text, p.tokens().List, p.facts.lines)
		}
	}
	return p.facts.sups, p.facts.lines
}
