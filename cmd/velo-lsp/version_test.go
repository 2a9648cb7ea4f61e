package main

import (
	"bytes"
	"regexp"
	"testing"
)

func TestVersionPrintsCatalogProvenance(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"version"}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, re := range []string{
		`(?m)^velo-lsp \S+ \(go`,
		`(?m)^event catalog of \d{4}-\d{2}-\d{2}: \d+ events in \d+ modules$`,
		`(?m)^  DocWorks reference data .*commit [0-9a-f]+ of \d{4}-\d{2}-\d{2}: \d+ entries$`,
		`(?m)^  dev\.wix\.com Velo reference pages, read \d{4}-\d{2}-\d{2}: \d+ entries$`,
	} {
		if !regexp.MustCompile(re).MatchString(out.String()) {
			t.Errorf("version output does not match %s:\n%s", re, out.String())
		}
	}
}
