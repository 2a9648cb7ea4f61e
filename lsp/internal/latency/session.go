package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/velo-lsp/velo-lsp/catalog"
)

type config struct {
	bin         string
	env         []string // KEY=VALUE added to the server's environment
	lines       int
	edits       int // at least this many edits per kind
	completions int // requests per completion kind
	keep        bool
}

// result of one session. Durations are client-side wall times.
type result struct {
	lines, bytes int

	open     []time.Duration // didOpen → its publish (one per session)
	body     []time.Duration // didChange → publish, typing statements in handler bodies
	top      []time.Duration // … typing handler declarations at the top level (and erasing them)
	misspell []time.Duration // … misspelling a handler's name
	correct  []time.Duration // … correcting it (the text before the misspelling again)

	complHandler    []time.Duration // completion at a handler-name prefix, the version analysed
	complHandlerKey []time.Duration // … sent right after the keystroke's didChange
	complMember     []time.Duration // completion after "event." in a body, the version analysed
	complMemberKey  []time.Duration // … sent right after the didChange typing "."

	cpu []time.Duration // the server's CPU time (user+system) from after the open to after the last edit, one per session

	hwmOpen, rssOpen int // kB, after the open was published and the workspace scan done
	hwm, rss         int // kB, after every edit

	misses int // misspellings without a new diagnostic on their line, corrections that kept one

	root      string    // the site folder (removed unless cfg.keep)
	final     string    // the document's final text
	finalDiag published // its diagnostics as published
}

// pool adds the samples of another session of the same binary; memory
// figures keep the larger.
func (r *result) pool(o *result) {
	for _, p := range []struct{ to, from *[]time.Duration }{
		{&r.open, &o.open}, {&r.cpu, &o.cpu}, {&r.body, &o.body}, {&r.top, &o.top}, {&r.misspell, &o.misspell}, {&r.correct, &o.correct},
		{&r.complHandler, &o.complHandler}, {&r.complHandlerKey, &o.complHandlerKey},
		{&r.complMember, &o.complMember}, {&r.complMemberKey, &o.complMemberKey},
	} {
		*p.to = append(*p.to, *p.from...)
	}
	r.hwmOpen, r.rssOpen = max(r.hwmOpen, o.hwmOpen), max(r.rssOpen, o.rssOpen)
	r.hwm, r.rss = max(r.hwm, o.hwm), max(r.rss, o.rss)
	r.misses += o.misses
}

// session starts the server, runs every scenario and stops the server.
// The result is returned even with an error (its root, when cfg.keep, is
// the caller's to remove).
func session(cfg config) (*result, error) {
	root, err := os.MkdirTemp("", "velo-lsp-latency-site-")
	if err != nil {
		return nil, err
	}
	if !cfg.keep {
		defer os.RemoveAll(root)
	}
	text, blocks := eventsFile(catalog.Default(), cfg.lines)
	r := &result{lines: strings.Count(text, "\n"), bytes: len(text), root: root}
	path, err := writeSite(root, text)
	if err != nil {
		return r, err
	}
	c, err := start(cfg.bin, cfg.env)
	if err != nil {
		return r, err
	}
	s := &script{c: c, cfg: cfg, r: r, uri: fileURI(path), d: newDoc(text), blocks: blocks}
	err = s.run()
	if cerr := c.close(); err == nil && cerr != nil {
		err = cerr
	}
	r.final = s.d.text()
	return r, err
}

func fileURI(p string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}

// script is one session's scenarios over one open document.
type script struct {
	c      *client
	cfg    config
	r      *result
	uri    string
	d      *doc
	blocks []handlerBlock
	from   int // index in c.publish where the next wait starts
}

func (s *script) run() error {
	c, r := s.c, s.r
	folder := strings.TrimSuffix(strings.TrimSuffix(s.uri, "/src/backend/events.js"), "/")
	init, _, err := c.call("initialize", map[string]any{
		"processId": os.Getpid(),
		"rootUri":   folder,
		"capabilities": map[string]any{
			"general": map[string]any{"positionEncodings": []string{"utf-16"}},
			"textDocument": map[string]any{
				"synchronization":    map[string]any{"didSave": true},
				"completion":         map[string]any{"completionItem": map[string]any{"snippetSupport": true}},
				"publishDiagnostics": map[string]any{"relatedInformation": true, "versionSupport": true},
			},
			"workspace": map[string]any{"workspaceFolders": true},
		},
		"workspaceFolders": []map[string]string{{"uri": folder, "name": "site"}},
	})
	if err != nil {
		return err
	}
	// The scripts send ranged changes: the server must say it takes them.
	var caps struct {
		Capabilities struct {
			TextDocumentSync struct {
				Change int `json:"change"`
			} `json:"textDocumentSync"`
		} `json:"capabilities"`
	}
	if err := json.Unmarshal(init.Result, &caps); err != nil {
		return fmt.Errorf("initialize result: %w", err)
	}
	if caps.Capabilities.TextDocumentSync.Change != 2 {
		return fmt.Errorf("the server's textDocumentSync.change is %d, not 2 (incremental): the scripts send ranges", caps.Capabilities.TextDocumentSync.Change)
	}
	if err := c.notify("initialized", map[string]any{}); err != nil {
		return err
	}
	// The workspace scan publishes the file from disk: let it finish, as
	// it has by the time a user opens a file and types.
	c.quiet(300*time.Millisecond, 10*time.Second)
	s.from = c.publishes()

	t0 := time.Now()
	if err := c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": s.uri, "languageId": "javascript", "version": s.d.version, "text": s.d.text()}}); err != nil {
		return err
	}
	p, err := s.wait(s.d.version)
	if err != nil {
		return err
	}
	r.open = append(r.open, p.at.Sub(t0))
	c.quiet(300*time.Millisecond, 10*time.Second)
	if r.hwmOpen, r.rssOpen, err = c.memory(); err != nil {
		return err
	}
	cpu0, err := c.cpu()
	if err != nil {
		return err
	}

	for _, step := range []func() error{s.typeInBodies, s.misspellAndCorrect, s.completeHandler, s.completeMember, s.typeHandlers} {
		if err := step(); err != nil {
			return err
		}
	}
	if r.hwm, r.rss, err = c.memory(); err != nil {
		return err
	}
	cpu1, err := c.cpu()
	if err != nil {
		return err
	}
	r.cpu = append(r.cpu, cpu1-cpu0)
	return nil
}

// wait waits for the publish of version v of the document.
func (s *script) wait(v int) (published, error) {
	p, next, err := s.c.waitPublish(s.uri, v, s.from)
	if err != nil {
		return p, err
	}
	s.from = next
	s.r.finalDiag = p
	return p, nil
}

// change sends one edit and returns when it was sent.
func (s *script) change(e edit) (time.Time, error) {
	ch, err := s.d.apply(e)
	if err != nil {
		return time.Time{}, err
	}
	t0 := time.Now()
	err = s.c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": s.uri, "version": s.d.version},
		"contentChanges": []any{ch},
	})
	return t0, err
}

// keystroke sends one edit and waits for its diagnostics; the time between
// goes to *into.
func (s *script) keystroke(e edit, into *[]time.Duration) (published, error) {
	t0, err := s.change(e)
	if err != nil {
		return published{}, err
	}
	p, err := s.wait(s.d.version)
	if err != nil {
		return p, err
	}
	if into != nil {
		*into = append(*into, p.at.Sub(t0))
	}
	return p, nil
}

// typeText types text at line:col one character at a time.
func (s *script) typeText(line, col int, text string, into *[]time.Duration) error {
	for i := 0; i < len(text); i++ {
		if _, err := s.keystroke(edit{line: line, col: col + i, endCol: col + i, text: text[i : i+1]}, into); err != nil {
			return err
		}
	}
	return nil
}

// headLine returns the current line of a generated handler's head.
func (s *script) headLine(b handlerBlock) (int, error) {
	for _, form := range []string{"function " + b.name + "(", "const " + b.name + " ="} {
		for i, l := range s.d.lines {
			if strings.HasPrefix(l, "export ") && strings.Contains(l, form) {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("handler %s not found in the document", b.name)
}

// middle returns the generated handlers from the middle of the file on,
// then the ones before, so that edits happen in the middle first.
func (s *script) middle() []handlerBlock {
	h := len(s.blocks) / 2
	return append(append([]handlerBlock(nil), s.blocks[h:]...), s.blocks[:h]...)
}

// typeInBodies types a statement reading the payload into handler bodies,
// one character at a time, on a new line after the head: the file goes
// through the states a real keystroke sequence makes (most of them not
// valid JavaScript: "const s", "const seen = event.").
func (s *script) typeInBodies() error {
	for _, b := range s.middle() {
		if len(s.r.body) >= s.cfg.edits {
			return nil
		}
		at, err := s.headLine(b)
		if err != nil {
			return err
		}
		if _, err := s.keystroke(edit{line: at, col: len(s.d.lines[at]), endCol: len(s.d.lines[at]), text: "\n"}, &s.r.body); err != nil {
			return err
		}
		stmt := "  const seen = String(event ?? '');"
		if reads := payloadFields(b); len(reads) > 0 {
			stmt = "  const seen = event." + reads[0] + ";"
		}
		if err := s.typeText(at+1, 0, stmt, &s.r.body); err != nil {
			return err
		}
	}
	return fmt.Errorf("only %d body edits: the file has too few handlers", len(s.r.body))
}

func payloadFields(b handlerBlock) []string {
	evs := catalog.Default().Lookup(b.name)
	if len(evs) == 0 {
		return nil
	}
	var out []string
	for _, r := range payloadReads(evs[0].Fields) {
		if !strings.Contains(r, "?.") {
			out = append(out, r)
		}
	}
	return out
}

// blankLineAfter returns the line of the blank line that ends the block of
// b (the line after its closing brace).
func (s *script) blankLineAfter(b handlerBlock) (int, error) {
	at, err := s.headLine(b)
	if err != nil {
		return 0, err
	}
	for i := at + 1; i < len(s.d.lines); i++ {
		if s.d.lines[i] == "" && (s.d.lines[i-1] == "}" || s.d.lines[i-1] == "};") {
			return i, nil
		}
	}
	return 0, fmt.Errorf("no blank line after handler %s", b.name)
}

// typeHandlers types handler declarations of the events of
// wix-billing-backend ("export function wixBilling_onInv…(event) {}")
// character by character at the top level, each after another handler
// from the middle of the file on, so that no text repeats (the engine's
// memo would answer a repeated one).
func (s *script) typeHandlers() error {
	var names []string
	for _, ev := range catalog.Default().Events() {
		if strings.HasPrefix(ev.Handler, reservedPrefix) && ev.FiresOn(time.Now()) && !contains(names, ev.Handler) {
			names = append(names, ev.Handler)
		}
	}
	blocks := s.middle()
	for i := 0; len(s.r.top) < s.cfg.edits; i++ {
		if i == len(names) {
			return fmt.Errorf("only %d top-level edits: the catalog has %d %s handlers", len(s.r.top), len(names), reservedPrefix)
		}
		at, err := s.blankLineAfter(blocks[i])
		if err != nil {
			return err
		}
		if _, err := s.keystroke(edit{line: at, col: 0, endCol: 0, text: "\n"}, &s.r.top); err != nil {
			return err
		}
		if err := s.typeText(at, 0, "export function "+names[i]+"(event) {}", &s.r.top); err != nil {
			return err
		}
	}
	return nil
}

// misspellAndCorrect deletes a letter of a handler's event name (a new
// unknown-handler diagnostic on its line), then types it back (none).
// Each misspelling is a new text; each correction brings back the text
// before it, which the engine's memo still holds, as it would for a user.
func (s *script) misspellAndCorrect() error {
	for i := 0; len(s.r.misspell) < s.cfg.edits; i++ {
		b := s.blocks[i%len(s.blocks)]
		at, err := s.headLine(b)
		if err != nil {
			return err
		}
		l := s.d.lines[at]
		col := strings.Index(l, b.name) + strings.Index(b.name, "_on") + 3 // the event name's first letter
		letter := l[col : col+1]
		p, err := s.keystroke(edit{line: at, col: col, endCol: col + 1}, &s.r.misspell)
		if err != nil {
			return err
		}
		if !hasDiagOn(p, at) {
			s.r.misses++
		}
		if p, err = s.keystroke(edit{line: at, col: col, endCol: col, text: letter}, &s.r.correct); err != nil {
			return err
		}
		if hasDiagOn(p, at) {
			s.r.misses++
		}
	}
	return nil
}

func hasDiagOn(p published, line int) bool {
	for _, d := range p.Diagnostics {
		if d.Range.Start.Line == line {
			return true
		}
	}
	return false
}

// complete requests completion at line:col and returns the labels and the
// time to the reply. trigger is the trigger character ("" when invoked).
func (s *script) complete(line, col int, trigger string) ([]string, time.Duration, error) {
	ctx := map[string]any{"triggerKind": 1}
	if trigger != "" {
		ctx = map[string]any{"triggerKind": 2, "triggerCharacter": trigger}
	}
	m, took, err := s.c.call("textDocument/completion", map[string]any{
		"textDocument": map[string]any{"uri": s.uri},
		"position":     map[string]int{"line": line, "character": col},
		"context":      ctx,
	})
	if err != nil {
		return nil, 0, err
	}
	var list struct {
		Items []struct {
			Label string `json:"label"`
		} `json:"items"`
	}
	if err := json.Unmarshal(m.Result, &list); err != nil {
		return nil, 0, fmt.Errorf("completion result %s: %w", m.Result, err)
	}
	labels := make([]string, len(list.Items))
	for i, it := range list.Items {
		labels[i] = it.Label
	}
	return labels, took, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// completeHandler asks for completion after "export function
// wixBilling_onInv" at the top level: on the analysed version, and right
// after a keystroke that extends or shortens the prefix (the didChange and
// the request sent back to back, as an editor does while typing).
func (s *script) completeHandler() error {
	at, err := s.blankLineAfter(s.blocks[len(s.blocks)/3])
	if err != nil {
		return err
	}
	prefix := "export function wixBilling_onInv"
	if _, err := s.keystroke(edit{line: at, col: 0, endCol: 0, text: prefix}, nil); err != nil {
		return err
	}
	want := "wixBilling_onInvoicePaid"
	for i := 0; i < s.cfg.completions; i++ {
		labels, took, err := s.complete(at, len(prefix), "")
		if err != nil {
			return err
		}
		if !contains(labels, want) {
			return fmt.Errorf("completion after %q lacks %s: %v", prefix, want, labels)
		}
		s.r.complHandler = append(s.r.complHandler, took)
	}
	for i := 0; i < s.cfg.completions; i++ {
		e := edit{line: at, col: len(prefix), endCol: len(prefix), text: "o"} // "…onInvo"
		if i%2 == 1 {
			e = edit{line: at, col: len(prefix), endCol: len(prefix) + 1} // back to "…onInv"
		}
		if _, err := s.change(e); err != nil {
			return err
		}
		labels, took, err := s.complete(at, len(s.d.lines[at]), "")
		if err != nil {
			return err
		}
		if !contains(labels, want) {
			return fmt.Errorf("completion after %q lacks %s: %v", s.d.lines[at], want, labels)
		}
		s.r.complHandlerKey = append(s.r.complHandlerKey, took)
		if _, err := s.wait(s.d.version); err != nil {
			return err
		}
	}
	_, err = s.keystroke(edit{line: at, col: 0, endCol: len(s.d.lines[at])}, nil) // the file is valid again
	return err
}

// completeMember asks for completion after "event." on a new line of a
// handler body whose payload the catalog knows: on the analysed version,
// and right after the didChange that types the ".".
func (s *script) completeMember() error {
	var b handlerBlock
	var fields []string
	for _, c := range s.middle() {
		if fields = payloadFields(c); len(fields) > 0 {
			b = c
			break
		}
	}
	if len(fields) == 0 {
		return fmt.Errorf("no handler with payload fields")
	}
	at, err := s.headLine(b)
	if err != nil {
		return err
	}
	stmt := "  const x = event."
	if _, err := s.keystroke(edit{line: at, col: len(s.d.lines[at]), endCol: len(s.d.lines[at]), text: "\n" + stmt}, nil); err != nil {
		return err
	}
	at++
	for i := 0; i < s.cfg.completions; i++ {
		labels, took, err := s.complete(at, len(stmt), ".")
		if err != nil {
			return err
		}
		if !contains(labels, fields[0]) {
			return fmt.Errorf("completion after %q in %s lacks %s: %v", stmt, b.name, fields[0], labels)
		}
		s.r.complMember = append(s.r.complMember, took)
	}
	for i := 0; i < s.cfg.completions; i++ {
		if _, err := s.keystroke(edit{line: at, col: len(stmt) - 1, endCol: len(stmt)}, nil); err != nil { // erase "."
			return err
		}
		if _, err := s.change(edit{line: at, col: len(stmt) - 1, endCol: len(stmt) - 1, text: "."}); err != nil {
			return err
		}
		labels, took, err := s.complete(at, len(stmt), ".")
		if err != nil {
			return err
		}
		if !contains(labels, fields[0]) {
			return fmt.Errorf("completion after %q in %s lacks %s: %v", stmt, b.name, fields[0], labels)
		}
		s.r.complMemberKey = append(s.r.complMemberKey, took)
		if _, err := s.wait(s.d.version); err != nil {
			return err
		}
	}
	// The statement completed: the final text is valid again.
	_, err = s.keystroke(edit{line: at, col: len(stmt), endCol: len(stmt), text: fields[0] + ";"}, nil)
	return err
}
