package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/velo-lsp/velo-lsp/catalog"
)

// Tests of the harness, not of the server's speed: nothing here is timed.

func TestPercentileIsNearestRank(t *testing.T) {
	var ds []time.Duration
	for i := 10; i >= 1; i-- { // unsorted on purpose
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		p    int
		want time.Duration
	}{{50, 5 * time.Millisecond}, {90, 9 * time.Millisecond}, {100, 10 * time.Millisecond}, {1, time.Millisecond}} {
		if got := pct(ds, tc.p); got != tc.want {
			t.Errorf("p%d of 1..10 ms = %v, want %v", tc.p, got, tc.want)
		}
	}
	if got := pct(nil, 50); got != 0 {
		t.Errorf("p50 of nothing = %v, want 0", got)
	}
}

func TestDocAppliesEditsAsTheServerWill(t *testing.T) {
	d := newDoc("a\nbc\n")
	if _, err := d.apply(edit{line: 1, col: 1, endCol: 1, text: "X\nY"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.apply(edit{line: 0, col: 0, endCol: 1}); err != nil {
		t.Fatal(err)
	}
	if got, want := d.text(), "\nbX\nYc\n"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	if d.version != 3 {
		t.Errorf("version %d after two edits of version 1, want 3", d.version)
	}
	// A byte column past non-ASCII text is not a UTF-16 column: refused.
	d = newDoc("é = 1\n")
	if _, err := d.apply(edit{line: 0, col: 3, endCol: 3, text: "x"}); err == nil {
		t.Error("an edit after non-ASCII text was accepted")
	}
}

func TestGeneratedFileIsRealistic(t *testing.T) {
	text, blocks := eventsFile(catalog.Default(), 2000)
	if n := strings.Count(text, "\n"); n < 2000 || n > 2020 {
		t.Errorf("%d lines, want about 2,000", n)
	}
	if len(blocks) < 100 {
		t.Errorf("%d handlers, want over 100 (the scenarios edit that many)", len(blocks))
	}
	for _, b := range blocks {
		if strings.HasPrefix(b.name, reservedPrefix) {
			t.Errorf("handler %s has the prefix the scripts type", b.name)
		}
	}
	if !strings.Contains(text, "event.") || !strings.Contains(text, "🎉") {
		t.Error("no payload reads or no emoji")
	}
}

// A short session against the built binary: every edit gets the
// diagnostics of its version, each misspelling shows on its line and each
// correction clears it, completion offers what it should (session fails
// otherwise), and the diagnostics published for the final text equal
// `velo-lsp check --format json` on the same text.
func TestSessionMatchesCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin, err := build(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r, err := session(config{bin: bin, lines: 2000, edits: 40, completions: 5, keep: true})
	if r != nil {
		defer os.RemoveAll(r.root)
	}
	if err != nil {
		t.Fatal(err)
	}
	for name, ds := range map[string][]time.Duration{"body": r.body, "top": r.top, "misspell": r.misspell, "correct": r.correct} {
		if len(ds) < 40 {
			t.Errorf("%s: %d edits measured, want at least 40", name, len(ds))
		}
	}
	if r.misses != 0 {
		t.Errorf("%d misspellings or corrections not reflected in the diagnostics", r.misses)
	}
	if len(r.cpu) != 1 || r.cpu[0] <= 0 {
		t.Errorf("server CPU time %v: not read", r.cpu)
	}
	if r.rss == 0 || r.hwm < r.rss {
		t.Errorf("VmRSS %d kB, VmHWM %d kB: not read", r.rss, r.hwm)
	}

	events := filepath.Join(r.root, "src", "backend", "events.js")
	if err := os.WriteFile(events, []byte(r.final), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "check", "--format", "json", "--fail-on", "none", r.root)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("check: %v\n%s", err, stderr.String())
	}
	var doc struct {
		Diagnostics []struct {
			Path      string `json:"path"`
			Line      int    `json:"line"`
			Column    int    `json:"column"`
			EndLine   int    `json:"endLine"`
			EndColumn int    `json:"endColumn"`
			Severity  string `json:"severity"`
			Code      string `json:"code"`
			Message   string `json:"message"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("check output: %v\n%s", err, out)
	}
	severity := map[string]int{"error": 1, "warning": 2, "info": 3}
	var want, got []string
	var messages []string
	for _, d := range doc.Diagnostics {
		if d.Path != "src/backend/events.js" {
			continue
		}
		// check: 1-based lines and UTF-16 columns; LSP: 0-based.
		want = append(want, fmt.Sprintf("%d:%d-%d:%d %d %s", d.Line-1, d.Column-1, d.EndLine-1, d.EndColumn-1, severity[d.Severity], d.Code))
		messages = append(messages, d.Code+" "+d.Message)
	}
	for _, d := range r.finalDiag.Diagnostics {
		got = append(got, fmt.Sprintf("%d:%d-%d:%d %d %s", d.Range.Start.Line, d.Range.Start.Character, d.Range.End.Line, d.Range.End.Character, d.Severity, d.Code))
		// The server appends notes without a place to the message.
		found := false
		for _, m := range messages {
			if strings.HasPrefix(d.Code+" "+d.Message, m) {
				found = true
			}
		}
		if !found {
			t.Errorf("published message %s %q is none of check's", d.Code, d.Message)
		}
	}
	t.Logf("%d diagnostics in the final text: %s", len(want), strings.Join(want, "; "))
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("final diagnostics differ from check's\npublished:\n%s\ncheck:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(want) == 0 {
		t.Error("check found nothing: the generated file's misspelled handler should be reported")
	}
}
