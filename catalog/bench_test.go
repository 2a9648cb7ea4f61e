package catalog

import "testing"

// BenchmarkLoad measures loading the embedded catalog, which happens at every
// start of the server and of `velo-lsp check`. Budget: under 5 ms and under
// 10 MB allocated per load (TestLoadBudget enforces it loosely).
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(embedded)))
	for i := 0; i < b.N; i++ {
		if _, err := Load(embedded); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSuggest measures one near-miss search over the whole catalog.
func BenchmarkSuggest(b *testing.B) {
	c := Default()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		c.Suggest("wixEcom_onPaymentStatusUpdated")
	}
}
