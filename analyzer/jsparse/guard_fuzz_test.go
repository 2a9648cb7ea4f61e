package jsparse

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// adversarial builds a file from a recipe: each pair of bytes wraps what
// has been built so far in one construct (a chain of prefix operators, a
// member chain, nested ifs, nested scopes, …) repeated a number of times
// picked by the second byte (1 to about 16,000). The shapes combine: a
// member chain inside an assignment chain inside nested ifs. raw is
// spliced in (at the start, the middle or the end) to let the fuzzer add
// what no wrapper writes: comments, regular expressions, strings, broken
// syntax. The result is at most maxAdversarial bytes.
func adversarial(recipe []byte, raw string) (string, Lang) {
	lang := LangJS
	if len(recipe) > 0 && recipe[0]&0x80 != 0 {
		lang = LangTS
	}
	e, s, stmt := "a", "", false
	toExpr := func() string {
		if stmt {
			stmt = false
			return "(function(){" + s + "})()"
		}
		return e
	}
	toStmt := func() string {
		if !stmt {
			stmt = true
			return "x = " + e + ";"
		}
		return s
	}
	distinct := func(prefix, suffix string, n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(prefix + strconv.Itoa(i) + suffix)
		}
		return b.String()
	}
	for i := 0; i+1 < len(recipe); i += 2 {
		c := int(recipe[i+1])*int(recipe[i+1])/4 + 1
		nest := c
		if nest > 900 {
			nest = 900 // brackets: the limit is 1,000
		}
		var x string
		switch recipe[i] % 40 {
		case 0:
			x = rep("!", c) + "(" + toExpr() + ")"
		case 1:
			x = cycle([]string{"~", "-", "+", "typeof ", "void ", "new "}, c) + "(" + toExpr() + ")"
		case 2:
			x = "(" + toExpr() + ")" + rep(".b", c)
		case 3:
			x = "(" + toExpr() + ")" + rep("()", c)
		case 4:
			x = "(" + toExpr() + ")" + cycle([]string{"[0]", "?.b", "``", ".c(d)"}, c)
		case 5:
			x = rep("a=", c) + "(" + toExpr() + ")"
		case 6:
			x = rep("a?b:", c) + "(" + toExpr() + ")"
		case 7:
			x = rep("a?", c) + "(" + toExpr() + ")" + rep(":c", c)
		case 8:
			x = rep("a**", c) + "(" + toExpr() + ")"
		case 9:
			x = rep("a=>", c) + "(" + toExpr() + ")"
		case 10:
			x = distinct("a", "=>", c) + "(" + toExpr() + ")"
		case 11:
			x = "(" + rep("a,", c) + toExpr() + ")"
		case 12:
			x = rep("(", nest) + toExpr() + rep(",a)", nest)
		case 13:
			x = rep("a+", c) + "(" + toExpr() + ")"
		case 14:
			x = rep(`"abcdefgh"+`, c) + "(" + toExpr() + ")"
		case 15:
			x = rep("[", nest) + toExpr() + rep("]", nest)
		case 16:
			x = rep("`${", nest) + toExpr() + rep("}`", nest)
		case 17:
			x = rep("{a:", nest) + toExpr() + rep("}", nest)
		case 18:
			x = rep("function(a){return ", nest) + toExpr() + rep("}", nest)
		case 19:
			x = distinct("(a", ")=>{return ", nest) + toExpr() + rep("}", nest)
		case 20:
			x = rep("class{m(){return ", nest/2) + toExpr() + rep("}}", nest/2)
		case 21:
			x = rep("!(a||", nest) + toExpr() + rep(")", nest)
		case 22:
			x = rep("(", nest) + `"ab"` + rep(`+"ab")`, nest) + "+(" + toExpr() + ")"
		case 23:
			x = rep("<any>", c) + "(" + toExpr() + ")"
		case 24:
			x = "f" + rep("<a>()", c) + "+(" + toExpr() + ")"
		case 25:
			s, x = rep("if(a)", c)+toStmt(), ""
		case 26:
			s, x = rep("if(a);else ", c)+toStmt(), ""
		case 27:
			s, x = "if(a){}"+rep("else if(a){}", c)+"else{"+toStmt()+"}", ""
		case 28:
			s, x = rep("for(;;)", c)+toStmt(), ""
		case 29:
			s, x = rep("for(let a;;)", c)+toStmt(), ""
		case 30:
			s, x = rep("while(a)", c)+toStmt(), ""
		case 31:
			s, x = rep("do ", c)+toStmt()+rep(" while(a)", c), ""
		case 32:
			s, x = distinct("L", ":", c)+toStmt(), ""
		case 33:
			s, x = rep("{", nest)+toStmt()+rep("}", nest), ""
		case 34:
			s, x = rep("{let a;", nest)+toStmt()+rep("}", nest), ""
		case 35:
			s, x = "function f(a){"+toStmt()+"}", ""
		case 36:
			one := toStmt() + "\n"
			if c > maxAdversarial/len(one) {
				c = maxAdversarial/len(one) + 1 // not gigabytes
			}
			s, x = rep(one, c), ""
		case 37:
			x = rep("a", 1) + rep(" as any", c) + "+(" + toExpr() + ")"
		case 38:
			x = "[" + rep("a,", c) + toExpr() + "]"
		default:
			s, x = rep("a,", c)+toStmt(), ""
		}
		if x != "" {
			e, stmt = x, false
		}
		if len(e)+len(s) > maxAdversarial {
			break
		}
	}
	out := toStmt()
	switch {
	case raw == "":
	case len(recipe) > 0 && recipe[len(recipe)-1]%3 == 0:
		out = raw + out
	case len(recipe) > 0 && recipe[len(recipe)-1]%3 == 1:
		out = out[:len(out)/2] + raw + out[len(out)/2:]
	default:
		out += raw
	}
	if len(out) > maxAdversarial {
		out = out[:maxAdversarial]
	}
	return out, lang
}

const maxAdversarial = 1 << 20

// FuzzGuard feeds adversarial files to the guard and then, in this process,
// every file it accepts to esbuild (Transform as Validate and as Check run
// it). A fatal stack overflow kills the fuzzer, which reports the input; a
// Transform slower than the budgets allow is an error. Seeds cover each
// construct, small and near the limits, and a few mixtures.
//
//	go test -run XXX -fuzz FuzzGuard -parallel 1 ./analyzer/jsparse/
func FuzzGuard(f *testing.F) {
	for k := byte(0); k < 40; k++ {
		f.Add([]byte{k, 10}, "")
		f.Add([]byte{k, 140}, "")
		f.Add([]byte{k, 255, 0, 10}, "")
	}
	f.Add([]byte{2, 120, 5, 120, 25, 100, 0, 90}, "")
	f.Add([]byte{18, 200, 9, 150, 33, 100}, "/* c */ a\n/ !!!!!!!! a /\n")
	f.Add([]byte{11, 60, 12, 200, 21, 200}, "// x\n`${/re/}`")
	f.Add([]byte{0x80 | 23, 250, 24, 250}, "")
	f.Fuzz(func(t *testing.T, recipe []byte, raw string) {
		if len(recipe) > 64 {
			return
		}
		src, lang := adversarial(recipe, raw)
		b := []byte(src)
		if c := Complexity(b, lang); c != nil {
			return
		}
		c0 := cpuTime()
		transform(b, string(b), lang, false)
		transform(b, string(b), lang, true)
		d := cpuTime() - c0
		// esbuild takes about 0.3 µs a byte on ordinary code; the budgets
		// allow each superlinear shape tens of milliseconds plus a share
		// per byte. Far above both, far below the minutes of the defects.
		if limit := 2*time.Second + time.Duration(len(b))*5*time.Microsecond; d > limit {
			t.Errorf("esbuild took %v of CPU on %d accepted bytes (recipe %v)", d, len(b), recipe)
		}
	})
}
