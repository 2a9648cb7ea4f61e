package corpus

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := Generate(7, 40), Generate(7, 40)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different files")
	}
	c := Generate(8, 40)
	same := 0
	for i := range a {
		if bytes.Equal(a[i].Text, c[i].Text) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d files identical across seeds", same)
	}
}

func TestGenerateShape(t *testing.T) {
	files := Generate(1, 400)
	var crlf, ts, cjs, broken, noFinal, typos, unicode, star, defObj, cjsObj, sameLine int
	known := map[string]bool{}
	for _, e := range events {
		known[e] = true
	}
	for _, f := range files {
		text := string(f.Text)
		lines := strings.Count(text, "\n") + 1
		if lines < 100 || lines > 420 {
			t.Errorf("%s: %d lines", f.Name, lines)
		}
		if n := len(f.Handlers); n < 5 || n > 30 {
			t.Errorf("%s: %d handlers", f.Name, n)
		}
		for _, h := range f.Handlers {
			if !strings.Contains(text, h) {
				t.Errorf("%s: handler %s not in the text", f.Name, h)
			}
			if !known[h] {
				typos++
			}
		}
		if f.CRLF != strings.Contains(text, "\r\n") {
			t.Errorf("%s: CRLF flag %v disagrees with the text", f.Name, f.CRLF)
		}
		if f.CRLF && strings.Count(text, "\n") != strings.Count(text, "\r\n") {
			t.Errorf("%s: mixed line ends", f.Name)
		}
		count := func(b bool, n *int) {
			if b {
				*n++
			}
		}
		count(f.CRLF, &crlf)
		count(strings.HasSuffix(f.Name, ".ts"), &ts)
		count(f.CJS, &cjs)
		count(f.Broken, &broken)
		count(!strings.HasSuffix(text, "\n"), &noFinal)
		count(strings.ContainsAny(text, "שלום订단🎉"), &unicode)
		count(strings.Contains(text, "export * from './shared'"), &star)
		count(strings.Contains(text, "export default {"), &defObj)
		count(strings.Contains(text, "module.exports = {"), &cjsObj)
		count(strings.Contains(text, "*/ export "), &sameLine)
		for _, line := range strings.Split(text, "\n") {
			if f.CJS && (strings.HasPrefix(line, "export ") && !strings.Contains(line, "wixFake_onTemplate") || strings.HasPrefix(line, "import ")) {
				t.Errorf("%s: CommonJS file with ESM syntax: %s", f.Name, line)
			}
		}
	}
	for name, n := range map[string]int{"CRLF": crlf, "TypeScript": ts, "CommonJS": cjs, "broken": broken,
		"no final newline": noFinal, "misspelled handlers": typos, "Unicode": unicode, "export *": star,
		"export default {": defObj, "module.exports = {": cjsObj, "text before a handler on its line": sameLine} {
		if n == 0 {
			t.Errorf("no file has %s", name)
		}
		t.Logf("%-35s %d", name, n)
	}
}

func TestGenerateFileSize(t *testing.T) {
	for _, n := range []int{200, 2000} {
		f := GenerateFile(3, n)
		lines := strings.Count(string(f.Text), "\n") + 1
		if lines < n || lines > n+n/10 {
			t.Errorf("GenerateFile(%d): %d lines", n, lines)
		}
		if f.Broken || f.CJS {
			t.Errorf("GenerateFile(%d): broken=%v cjs=%v", n, f.Broken, f.CJS)
		}
	}
}

func TestSites(t *testing.T) {
	files := Generate(2, 3)
	fsys := Sites(files)
	for i, f := range files {
		ext := ".js"
		if strings.HasSuffix(f.Name, ".ts") {
			ext = ".ts"
		}
		p := "site-" + string(rune('0'+i)) + "/src/backend/events" + ext
		mf, ok := fsys[p]
		if !ok || !bytes.Equal(mf.Data, f.Text) {
			t.Errorf("%s missing or different", p)
		}
		for name := range SupportFiles {
			if _, ok := fsys["site-"+string(rune('0'+i))+"/src/backend/"+name]; !ok {
				t.Errorf("support file %s missing in site %d", name, i)
			}
		}
	}
}
