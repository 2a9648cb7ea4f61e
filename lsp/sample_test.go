package lsp

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/velo-lsp/velo-lsp/catalog"
)

const sampleText = "import wixData from 'wix-data';\n" +
	"\n" +
	"export function wixEcom_onOrderCanceled(event) {\n" +
	"  console.log(event.data.order._id);\n" +
	"}\n" +
	"\n" +
	"export function helper() {}\n"

func wantSample(t *testing.T, handler string) any {
	t.Helper()
	evs := catalog.Default().Lookup(handler)
	if len(evs) == 0 {
		t.Fatalf("the catalog has no %s", handler)
	}
	b, err := json.Marshal(catalog.Sample(preferredEvent(evs)))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	_ = json.Unmarshal(b, &v)
	return v
}

func wholeFileRange() map[string]interface{} {
	return map[string]interface{}{"start": map[string]int{"line": 0, "character": 0}, "end": map[string]int{"line": 7, "character": 0}}
}

// A client that does not run the command gets an edit: the sample, as a
// comment holding a call of the handler, above the handler; the file stays
// valid and the JSON in the comment is the catalog's sample.
func TestSampleActionInsertsAComment(t *testing.T) {
	c := newTestClient(t, Options{})
	c.initialize(nil)
	c.open(testURI, sampleText, 1)
	c.waitDiagnostics(testURI, int32p(1))
	var actions []codeActionWire
	c.callOK("textDocument/codeAction", map[string]interface{}{
		"textDocument": map[string]string{"uri": testURI},
		"range":        wholeFileRange(),
		"context":      map[string]interface{}{"diagnostics": []interface{}{}, "only": []string{"source"}},
	}, &actions)
	if len(actions) != 1 || actions[0].Title != "Insert a sample event as a comment" || actions[0].Kind != "source" {
		t.Fatalf("want one sample action (the handler, not helper), got %+v", actions)
	}
	got := string(applyEdits(t, []byte(sampleText), actions[0].Edit.Changes[testURI], 0))
	if !strings.HasPrefix(got, "import wixData from 'wix-data';\n\n/* ") || !strings.HasSuffix(got, "*/\nexport function wixEcom_onOrderCanceled(event) {\n  console.log(event.data.order._id);\n}\n\nexport function helper() {}\n") {
		t.Errorf("the comment is not on its own lines right above the handler:\n%s", got)
	}
	if r := api.Transform(got, api.TransformOptions{Loader: api.LoaderJS, Format: api.FormatESModule}); len(r.Errors) > 0 {
		t.Fatalf("the edit breaks the file: %v\n%s", r.Errors[0].Text, got)
	}
	open := strings.Index(got, "wixEcom_onOrderCanceled({")
	close := strings.Index(got, "});\n*/")
	if open < 0 || close < open {
		t.Fatalf("no call of the handler in the comment:\n%s", got)
	}
	var v any
	if err := json.Unmarshal([]byte(got[open+len("wixEcom_onOrderCanceled("):close+1]), &v); err != nil {
		t.Fatalf("the sample in the comment is not JSON: %v", err)
	}
	if want := wantSample(t, "wixEcom_onOrderCanceled"); !reflect.DeepEqual(v, want) {
		t.Errorf("the sample in the comment is not the catalog's")
	}

	// Asking for quick fixes only: no sample.
	c.callOK("textDocument/codeAction", map[string]interface{}{
		"textDocument": map[string]string{"uri": testURI},
		"range":        wholeFileRange(),
		"context":      map[string]interface{}{"diagnostics": []interface{}{}, "only": []string{"quickfix"}},
	}, &actions)
	if len(actions) != 0 {
		t.Errorf("only=quickfix: %+v", actions)
	}
	// No code lens for a client that cannot run its command.
	var lenses []json.RawMessage
	c.callOK("textDocument/codeLens", map[string]interface{}{"textDocument": map[string]string{"uri": testURI}}, &lenses)
	if len(lenses) != 0 {
		t.Errorf("code lenses for a client without the command: %s", lenses)
	}
}

type commandWire struct {
	Title     string            `json:"title"`
	Command   string            `json:"command"`
	Arguments []json.RawMessage `json:"arguments"`
}

func checkSampleCommand(t *testing.T, what string, cmd *commandWire) {
	t.Helper()
	if cmd == nil || cmd.Command != ShowSampleCommand || len(cmd.Arguments) != 2 {
		t.Fatalf("%s: want %s with a handler and a sample, got %+v", what, ShowSampleCommand, cmd)
	}
	var name, text string
	_ = json.Unmarshal(cmd.Arguments[0], &name)
	_ = json.Unmarshal(cmd.Arguments[1], &text)
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("%s: the sample is not JSON: %v", what, err)
	}
	if name != "wixEcom_onOrderCanceled" || !reflect.DeepEqual(v, wantSample(t, name)) {
		t.Errorf("%s: got %s with a sample other than the catalog's", what, name)
	}
}

// A client that runs the command gets it, as a code action and as a code
// lens on the handler's name, and keeps it after a settings change.
func TestSampleCommandForClientsThatRunIt(t *testing.T) {
	c := newTestClient(t, Options{})
	res := c.initialize(map[string]interface{}{"initializationOptions": map[string]interface{}{"veloLsp": map[string]interface{}{"sampleCommand": true}}})
	caps, _ := res["capabilities"].(map[string]interface{})
	if caps["codeLensProvider"] == nil {
		t.Errorf("no codeLensProvider in %v", caps)
	}
	c.open(testURI, sampleText, 1)
	c.waitDiagnostics(testURI, int32p(1))
	c.notify("workspace/didChangeConfiguration", map[string]interface{}{"settings": map[string]interface{}{"veloLsp": map[string]interface{}{}}})

	var actions []struct {
		Title   string       `json:"title"`
		Command *commandWire `json:"command"`
	}
	c.callOK("textDocument/codeAction", map[string]interface{}{
		"textDocument": map[string]string{"uri": testURI},
		"range":        map[string]interface{}{"start": map[string]int{"line": 3, "character": 4}, "end": map[string]int{"line": 3, "character": 4}},
		"context":      map[string]interface{}{"diagnostics": []interface{}{}},
	}, &actions)
	if len(actions) != 1 || actions[0].Title != "Copy a sample event" {
		t.Fatalf("actions: %+v", actions)
	}
	checkSampleCommand(t, "code action", actions[0].Command)

	var lenses []struct {
		Range   wireRange    `json:"range"`
		Command *commandWire `json:"command"`
	}
	c.callOK("textDocument/codeLens", map[string]interface{}{"textDocument": map[string]string{"uri": testURI}}, &lenses)
	if len(lenses) != 1 {
		t.Fatalf("want one lens (the handler, not helper), got %+v", lenses)
	}
	if r := lenses[0].Range; r.Start.Line != 2 || r.Start.Character != 16 || r.End.Character != 16+len("wixEcom_onOrderCanceled") {
		t.Errorf("the lens is not on the handler's name: %+v", r)
	}
	checkSampleCommand(t, "code lens", lenses[0].Command)
}

// A sample whose strings hold "*/" still makes one comment, and the JSON in
// it still reads back the same.
func TestSampleCommentSurvivesCommentEnd(t *testing.T) {
	sample := `{"note": "a */ b", "url": "https://x/*/y"}`
	got := sampleComment("wixEcom_onOrderCanceled", sample) + "export const x = 1;\n"
	opts := api.TransformOptions{Loader: api.LoaderJS, Format: api.FormatESModule, MinifyWhitespace: true}
	r := api.Transform(got, opts)
	alone := api.Transform("export const x = 1;\n", opts)
	if len(r.Errors) > 0 || string(r.Code) != string(alone.Code) {
		t.Fatalf("the comment does not hold the whole sample: %v %q\n%s", r.Errors, r.Code, got)
	}
	open := strings.Index(got, "wixEcom_onOrderCanceled({") + len("wixEcom_onOrderCanceled(")
	close := strings.LastIndex(got, ");")
	var a, b any
	if err := json.Unmarshal([]byte(got[open:close]), &a); err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal([]byte(sample), &b)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("read back %v, want %v", a, b)
	}
}
