package jsparse

import (
	"github.com/velo-lsp/velo-lsp/analyzer/internal/corpus"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestScannerAgreesOnRealWorldCode is opt-in: VELO_EXTRA_JS lists
// directories (separated by the OS path list separator) of JavaScript and
// TypeScript files written by people (for example npm's own sources). On
// every file esbuild accepts, the scanner must report no error, and its
// export names and format must equal esbuild's metafile.
func TestScannerAgreesOnRealWorldCode(t *testing.T) {
	dirs := os.Getenv("VELO_EXTRA_JS")
	if dirs == "" {
		t.Skip("VELO_EXTRA_JS is not set")
	}
	compared, failed := 0, 0
	for _, dir := range filepath.SplitList(dirs) {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			ext := strings.ToLower(filepath.Ext(p))
			if ext != ".js" && ext != ".mjs" && ext != ".cjs" && ext != ".ts" && ext != ".mts" && ext != ".cts" || strings.HasSuffix(p, ".d.ts") {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil || len(src) > 2<<20 {
				return nil
			}
			lang := LangFromPath(p)
			if v := Validate(p, src, lang); v.Error != nil {
				return nil
			}
			names, format, err := EsbuildExports(p, src, lang)
			if err != nil {
				return nil
			}
			compared++
			f := Parse(src, lang)
			got := esmExportNames(f)
			bad := f.HasErrors || f.Format != format || format != FormatCJS && !reflect.DeepEqual(got, names)
			if bad {
				failed++
				if failed <= 20 {
					t.Errorf("%s: scanner errors %v %v, format %q names %v; esbuild format %q names %v", p, f.HasErrors, f.ErrorRanges, f.Format, got, format, names)
				}
			}
			return nil
		})
	}
	t.Logf("%d real-world files compared, %d disagree", compared, failed)
}

// TestParseEveryBodyChangesNothing: parsing every function and class body
// (instead of skipping them by bracket matching) gives the same File, on
// the corpus and, when VELO_EXTRA_JS is set, on real-world code; the
// parser reads every body without an error.
func TestParseEveryBodyChangesNothing(t *testing.T) {
	var files []struct {
		name string
		lang Lang
		src  []byte
	}
	for _, f := range corpus.Generate(77, 300) {
		files = append(files, struct {
			name string
			lang Lang
			src  []byte
		}{f.Name, LangFromPath(f.Name), f.Text})
	}
	for _, dir := range filepath.SplitList(os.Getenv("VELO_EXTRA_JS")) {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			ext := strings.ToLower(filepath.Ext(p))
			if err != nil || d.IsDir() || ext != ".js" && ext != ".ts" && ext != ".mjs" && ext != ".cjs" || strings.HasSuffix(p, ".d.ts") {
				return nil
			}
			if src, err := os.ReadFile(p); err == nil && len(src) < 2<<20 {
				files = append(files, struct {
					name string
					lang Lang
					src  []byte
				}{p, LangFromPath(p), src})
			}
			return nil
		})
	}
	compared := 0
	for _, f := range files {
		if v := Validate(f.name, f.src, f.lang); v.Error != nil {
			continue // broken on purpose: a skipped body may hide the error
		}
		fast := Parse(f.src, f.lang)
		parseEveryBody = true
		slow := Parse(f.src, f.lang)
		parseEveryBody = false
		compared++
		if slow.HasErrors {
			t.Errorf("%s: parsing every body: errors at %v", f.name, slow.ErrorRanges)
			continue
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s: parsing every body changes the result", f.name)
		}
	}
	t.Logf("%d files compared", compared)
}
