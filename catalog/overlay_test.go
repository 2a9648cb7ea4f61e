package catalog_test

import (
	"os"
	"strings"
	"testing"

	"github.com/velo-lsp/velo-lsp/catalog"
	"github.com/velo-lsp/velo-lsp/catalog/internal/generate"
)

// TestOverlayConsistent checks the hand-kept overlay against the embedded
// catalog without needing ../shared: every entry has a one-line reason and
// what it settled is what the catalog holds. (That every entry is used at
// all is checked by the generator, so by TestGeneratedUpToDate.)
func TestOverlayConsistent(t *testing.T) {
	b, err := os.ReadFile("overlay.json")
	if err != nil {
		t.Fatal(err)
	}
	ov, err := generate.ParseOverlay(b)
	if err != nil {
		t.Fatal(err)
	}
	c := catalog.Default()
	reason := func(kind, r string) {
		if r == "" || strings.Contains(r, "\n") || len(r) > 300 {
			t.Errorf("%s: reason must be one line: %q", kind, r)
		}
	}
	in := func(handler, module string) *catalog.Event {
		for _, e := range c.Lookup(handler) {
			if e.Module == module {
				return e
			}
		}
		return nil
	}
	for _, h := range ov.Handlers {
		reason("handlers "+h.Handler, h.Reason)
		if e := in(h.Handler, h.Module); e == nil || !strings.Contains(e.Source, "settled in overlay") {
			t.Errorf("handlers: %s not in %s as settled: %+v", h.Handler, h.Module, e)
		}
	}
	for _, a := range ov.Aliases {
		reason("aliases "+a.Event, a.Reason)
		for _, e := range c.Events() {
			if e.Module == a.Module && e.Event == a.Event {
				t.Errorf("aliases: %s %s is still an event", a.Module, a.Event)
			}
		}
	}
	for _, r := range ov.Replacements {
		reason("replacements "+r.Event, r.Reason)
		found := false
		for _, e := range c.Events() {
			if e.Module == r.Module && e.Event == r.Event {
				found = e.Replacement == r.Replacement && e.Status == catalog.StatusDeprecated
			}
		}
		if !found {
			t.Errorf("replacements: %s %s does not carry %s", r.Module, r.Event, r.Replacement)
		}
	}
	for _, r := range ov.Removed {
		reason("removed "+r.Handler, r.Reason)
		if e := in(r.Handler, r.Module); e == nil || e.Status != catalog.StatusRemoved || e.Replacement != r.Replacement {
			t.Errorf("removed: %s = %+v", r.Handler, e)
		}
	}
	for _, p := range ov.PrefixAliases {
		reason("prefixAliases "+p.Wrong, p.Reason)
		if c.HasPrefix(p.Wrong) || !c.HasPrefix(p.Prefix) || c.PrefixAlias(p.Wrong) != p.Prefix {
			t.Errorf("prefixAliases: %s → %s", p.Wrong, p.Prefix)
		}
	}
	for _, p := range ov.ProseNames {
		reason("proseNames "+p.Name, p.Reason)
		if len(c.Lookup(p.Name)) != 0 {
			t.Errorf("proseNames: %s is a catalog handler", p.Name)
		}
	}
	for _, p := range ov.PayloadTypes {
		reason("payloadTypes "+p.Event, p.Reason)
	}
	for _, n := range ov.Typings {
		reason("typings "+n.Event, n.Reason)
	}
}
