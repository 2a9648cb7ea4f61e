package analyzer

import "testing"

func TestUnifiedDiff(t *testing.T) {
	for _, tc := range []struct {
		name, before, after, want string
	}{
		{"equal", "a\n", "a\n", ""},
		{"one line changed: deletion before insertion", "a\nb\nc\n", "a\nB\nc\n",
			"--- a/f.js\n+++ b/f.js\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"insertion at the start", "x\n", "new\nx\n",
			"--- a/f.js\n+++ b/f.js\n@@ -1 +1,2 @@\n+new\n x\n"},
		{"no final newline", "a", "b",
			"--- a/f.js\n+++ b/f.js\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n"},
		{"far apart changes make two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "X\n2\n3\n4\n5\n6\n7\n8\n9\nY\n",
			"--- a/f.js\n+++ b/f.js\n@@ -1,4 +1,4 @@\n-1\n+X\n 2\n 3\n 4\n@@ -7,4 +7,4 @@\n 7\n 8\n 9\n-10\n+Y\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := UnifiedDiff("f.js", []byte(tc.before), []byte(tc.after)); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
