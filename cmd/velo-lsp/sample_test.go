package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSampleCommand(t *testing.T) {
	out, errOut, status := runCmd(t, "sample", "wixEcom_onOrderCanceled")
	var v map[string]any
	if status != 0 || json.Unmarshal([]byte(out), &v) != nil || v["data"] == nil || v["metadata"] == nil {
		t.Fatalf("sample: status %d %q\n%s", status, errOut, out)
	}
	again, _, _ := runCmd(t, "sample", "wixEcom_onOrderCanceled")
	if again != out {
		t.Error("the sample differs between runs")
	}
	js, _, status := runCmd(t, "sample", "--format", "js", "wixEcom_onOrderCanceled")
	if status != 0 || !strings.HasPrefix(js, "import { wixEcom_onOrderCanceled } from 'backend/events';\n\nwixEcom_onOrderCanceled({") {
		t.Errorf("--format js:\n%s", js)
	}
	_, errOut, status = runCmd(t, "sample", "wixEcom_onOrderCancled")
	if status != 2 || !strings.Contains(errOut, "did you mean wixEcom_onOrderCanceled") {
		t.Errorf("unknown handler: status %d %q", status, errOut)
	}
	if _, _, status := runCmd(t, "sample"); status != 2 {
		t.Errorf("no handler: status %d", status)
	}
}
