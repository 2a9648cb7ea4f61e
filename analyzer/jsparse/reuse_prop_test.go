package jsparse_test

import (
	"math/rand"
	"reflect"
	"testing"

	"github.com/velo-lsp/velo-lsp/analyzer/internal/corpus"
	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
)

// TestReuseAcrossRandomEdits is a differential test: random one-byte edits
// (insertions, deletions, replacements) of generated events files; whenever
// ReuseAcrossEdit accepts an edit, its structure must equal a fresh parse.
func TestReuseAcrossRandomEdits(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	alphabet := []byte("abcxyz019_ ;,.={}()'\"`/*$\n")
	accepted, broken := 0, 0
	for _, f := range corpus.Generate(3, 60) {
		lang := jsparse.LangFromPath(f.Name)
		old := jsparse.Parse(f.Text, lang)
		if old.HasErrors {
			continue
		}
		for i := 0; i < 40; i++ {
			pos := r.Intn(len(f.Text))
			var edited []byte
			switch r.Intn(3) {
			case 0:
				edited = append(append(append([]byte{}, f.Text[:pos]...), alphabet[r.Intn(len(alphabet))]), f.Text[pos:]...)
			case 1:
				edited = append(append([]byte{}, f.Text[:pos]...), f.Text[pos+1:]...)
			default:
				edited = append([]byte{}, f.Text...)
				edited[pos] = alphabet[r.Intn(len(alphabet))]
			}
			got, stmt, ok := jsparse.ReuseAcrossEdit(f.Text, edited, old)
			if !ok {
				continue
			}
			accepted++
			// The file parses exactly when the edited statement does, and
			// the error is at the same place.
			whole := jsparse.Validate(f.Name, edited, lang)
			part := jsparse.ValidateStatement(edited, stmt, lang)
			if (whole.Error == nil) != (part.Error == nil) {
				t.Fatalf("%s: edit at %d: whole file error %v, statement error %v", f.Name, pos, whole.Error, part.Error)
			}
			if whole.Error != nil {
				broken++
			}
			if whole.Error != nil && whole.Error.Range != part.Error.Range {
				t.Errorf("%s: edit at %d: error at %v in the file, %v from the statement (%q / %q)", f.Name, pos,
					whole.Error.Range, part.Error.Range, whole.Error.Message, part.Error.Message)
			}
			fresh := jsparse.Parse(edited, lang)
			if fresh.HasErrors {
				continue // a broken file: the analyzer asks esbuild first and never uses the structure
			}
			if !reflect.DeepEqual(got.Exports, fresh.Exports) || !reflect.DeepEqual(got.Declarations, fresh.Declarations) {
				t.Fatalf("%s: edit at %d: reused structure differs from a fresh parse", f.Name, pos)
			}
		}
	}
	if accepted < 100 {
		t.Errorf("only %d edits were accepted for reuse: the test exercises too little", accepted)
	}
	if broken < 20 {
		t.Errorf("only %d reused edits broke the syntax: the statement check is barely exercised", broken)
	}
	t.Logf("%d edits reused, %d of them syntax errors", accepted, broken)
}
