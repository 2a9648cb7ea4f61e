package analyzer

import (
	"reflect"
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

func TestLocalStarSourcesReadsCodeOnly(t *testing.T) {
	src := "// export * from './commented.js';\n" +
		"const s = \"export * from './in-a-string.js'\";\n" +
		"export * from './a.js';\n" +
		"export * as ns from \"../b\";\n" +
		"export * from 'backend/c.js';\n" +
		"export * from 'wix-data';\n" +
		"export /* c */ * /* c */ from './d.js';\n"
	got := localStarSources([]byte(src), jsparse.LangJS)
	want := []string{"./a.js", "../b", "backend/c.js", "./d.js"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("localStarSources = %q, want %q", got, want)
	}
}
