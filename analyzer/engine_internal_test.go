package analyzer

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

// A text is parsed once however many files and runs ask for it.
func TestMemoParsesATextOnce(t *testing.T) {
	e := NewEngine()
	text := []byte("export function wixBilling_onInvoicePaid(event) {}\n")
	for i := 0; i < 3; i++ {
		e.AnalyzeFile(FileInput{Path: fmt.Sprintf("src/backend/events%d.js", i), Text: text, Role: RoleSiteEvents}, Config{})
		e.Structure(text, jsparse.LangJS)
	}
	if n := e.memo.parses.Load(); n != 2 { // one validation, one structure
		t.Errorf("%d parses, want 2", n)
	}
	// The memo is bounded.
	small := newParseMemo(4, 1<<20)
	for i := 0; i < 10; i++ {
		small.structure([]byte(fmt.Sprintf("export const a%d = 1;", i)), jsparse.LangJS)
	}
	if small.lru.Len() != 4 || len(small.byKey) != 4 {
		t.Errorf("memo holds %d entries (%d keys), want 4", small.lru.Len(), len(small.byKey))
	}
}

// Forget drops one text, in whichever language it was parsed, and keeps
// the others.
func TestForgetDropsOneText(t *testing.T) {
	e := NewEngine()
	a := []byte("export function wixBilling_onInvoicePaid(event) {}\n")
	b := []byte("export function wixBilling_onInvoiceSent(event) {}\n")
	e.Structure(a, jsparse.LangJS)
	e.Structure(a, jsparse.LangTS)
	e.Structure(b, jsparse.LangJS)
	e.Forget(a)
	if e.memo.lru.Len() != 1 || len(e.memo.byKey) != 1 || e.memo.bytes != len(b) {
		t.Errorf("after Forget: %d entries, %d keys, %d bytes; want 1, 1, %d", e.memo.lru.Len(), len(e.memo.byKey), e.memo.bytes, len(b))
	}
	n := e.memo.parses.Load()
	e.Structure(b, jsparse.LangJS)
	if got := e.memo.parses.Load() - n; got != 0 {
		t.Errorf("the text kept was parsed %d times again, want 0", got)
	}
	e.Structure(a, jsparse.LangJS)
	if got := e.memo.parses.Load() - n; got != 1 {
		t.Errorf("the text forgotten was parsed %d times again, want 1", got)
	}
	e.Forget([]byte("never seen")) // nothing to drop: no change
	if e.memo.lru.Len() != 2 {
		t.Errorf("%d entries after forgetting an unknown text, want 2", e.memo.lru.Len())
	}
}

// Each result lists the paths it read, resolver probes included; an events
// file's result reads what it forwards, a backend module's reads the events
// file that may forward it.
func TestResultsRecordWhatTheyRead(t *testing.T) {
	fsys := fstest.MapFS{
		"src/backend/events.js": {Data: []byte("export * from './more';\n")},
		"src/backend/more.js":   {Data: []byte("export function wixBilling_onInvoicePayd(event) {}\n")},
		"src/backend/stray.js":  {Data: []byte("export function wixBilling_onInvoiceSent(event) {}\n")},
		"src/backend/helper.js": {Data: []byte("export function add(a, b) { return a + b; }\n")},
	}
	res, err := NewEngine().AnalyzeRepo(context.Background(), fsys, Config{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}, RepoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	reads := map[string]string{}
	for _, f := range res.Files {
		reads[f.Path] = strings.Join(f.Reads, " ")
	}
	if r := reads["src/backend/events.js"]; !strings.Contains(r, "src/backend/more ") && !strings.HasPrefix(r, "src/backend/more ") || !strings.Contains(r, "src/backend/more.js") {
		t.Errorf("events.js read %q; want the probe src/backend/more and src/backend/more.js", r)
	}
	if r := reads["src/backend/stray.js"]; !strings.Contains(r, "src/backend/events.js") || !strings.Contains(r, "src/backend/more.js") {
		t.Errorf("stray.js read %q; want the events file and what it forwards", r)
	}
	if _, listed := reads["src/backend/helper.js"]; listed {
		t.Errorf("helper.js has no finding and is listed")
	}
}

// With fingerprints, a second run reuses every result whose file and
// reads are unchanged, and judges again exactly the others.
func TestRepoRunReusesWhatAChangeCannotAffect(t *testing.T) {
	fsys := fstest.MapFS{
		"src/backend/events.js": {Data: []byte("export * from './more.js';\nexport function wixCrm_onContactCreated(event) {}\n")},
		"src/backend/more.js":   {Data: []byte("export function wixBilling_onInvoicePaid(event) {}\n")},
		"src/backend/stray.js":  {Data: []byte("export function wixBilling_onInvoiceSent(event) {}\n")},
		"src/backend/helper.js": {Data: []byte("export function add(a, b) { return a + b; }\n")},
		"src/backend/other.js":  {Data: []byte("export const wixCrm_onContactDeleted = 1;\n")},
	}
	version := map[string]int{}
	var mu sync.Mutex
	fingerprint := func(p string) string {
		mu.Lock()
		defer mu.Unlock()
		if _, ok := fsys[p]; !ok {
			return ""
		}
		return fmt.Sprint(version[p])
	}
	e := NewEngine()
	cfg := Config{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	run := func(prev map[string]*FileResult) (map[string]*FileResult, map[string]bool) {
		all := map[string]*FileResult{}
		judged := map[string]bool{}
		_, err := e.AnalyzeRepo(context.Background(), fsys, cfg, RepoOptions{Fingerprint: fingerprint, Previous: prev,
			OnFile: func(fr *FileResult, reused bool) {
				all[fr.Path] = fr
				if !reused {
					judged[fr.Path] = true
				}
			}})
		if err != nil {
			t.Fatal(err)
		}
		return all, judged
	}
	first, judged := run(nil)
	if len(judged) != 5 {
		t.Fatalf("first run judged %v", judged)
	}
	_, judged = run(first)
	if len(judged) != 0 {
		t.Errorf("nothing changed, and the second run judged %v", judged)
	}
	// more.js changes: events.js forwards it and stray.js's and other.js's
	// "is it forwarded?" read it; helper.js (no handler-like name) read
	// nothing.
	fsys["src/backend/more.js"] = &fstest.MapFile{Data: []byte("export function wixBilling_onInvoicePayd(event) {}\n")}
	version["src/backend/more.js"]++
	second, judged := run(first)
	want := "src/backend/events.js src/backend/more.js src/backend/other.js src/backend/stray.js"
	if got := keys(judged); got != want {
		t.Errorf("after a change of more.js, judged %q; want %q", got, want)
	}
	// A file created where a resolver looked: events.js is judged again.
	fsys["src/backend/events.js"] = &fstest.MapFile{Data: []byte("export * from './extra';\n")}
	version["src/backend/events.js"]++
	third, _ := run(second)
	fsys["src/backend/extra.web.js"] = &fstest.MapFile{Data: []byte("export function wixBilling_onInvoiceSnet(event) {}\n")}
	_, judged = run(third)
	if !judged["src/backend/events.js"] {
		t.Errorf("extra.web.js appeared where events.js's resolver looked, and events.js was not judged again: %v", keys(judged))
	}
}

func keys(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// TestResolvedConfigResolvesOncePerGeneration: the configuration of a key is
// built once per settings generation, again when the generation moves, and
// an older generation finishing late does not replace a newer one.
func TestResolvedConfigResolvesOncePerGeneration(t *testing.T) {
	e := NewEngine()
	calls := 0
	resolve := func(level Severity) func() Config {
		return func() Config {
			calls++
			return Config{Levels: map[string]Severity{"VELO001": level}}
		}
	}
	for i := 0; i < 5; i++ {
		e.ResolvedConfig("/site", 1, resolve(SeverityWarning))
	}
	if calls != 1 {
		t.Fatalf("5 asks at one generation resolved %d times, want 1", calls)
	}
	if got := e.ResolvedConfig("/other", 1, resolve(SeverityInfo)); got.Levels["VELO001"] != SeverityInfo || calls != 2 {
		t.Fatalf("another key: %v after %d resolutions", got.Levels, calls)
	}
	if got := e.ResolvedConfig("/site", 2, resolve(SeverityOff)); got.Levels["VELO001"] != SeverityOff || calls != 3 {
		t.Fatalf("a new generation: %v after %d resolutions, want off after 3", got.Levels, calls)
	}
	e.ResolvedConfig("/site", 1, resolve(SeverityError)) // a late, older resolution
	if got := e.ResolvedConfig("/site", 2, resolve(SeverityInfo)); got.Levels["VELO001"] != SeverityOff {
		t.Fatalf("generation 2 after a late generation-1 resolution: %v, want off", got.Levels)
	}
}
