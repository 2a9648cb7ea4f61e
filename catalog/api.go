package catalog

// CONTRACT: the catalog helper implements these (see types.go). Signatures are
// relied upon by analyzer/ and lsp/.
//
//   func Default() *Catalog                      // the embedded catalog, loaded once (sync.Once), never nil
//   func Load(data []byte) (*Catalog, error)     // from the embedded data format
//   func (c *Catalog) Events() []*Event          // sorted by handler, then module
//   func (c *Catalog) Modules() []*Module        // sorted by name
//   func (c *Catalog) Lookup(handler string) []*Event // exact, case-sensitive; every module that has it
//   func (c *Catalog) Module(name string) *Module
//   func (c *Catalog) ByPrefix(prefix string) []*Event // exact prefix
//   func (c *Catalog) HasPrefix(prefix string) bool
//   func (c *Catalog) Suggest(name string) []Suggestion // ranked near misses, best first, at most 5
//   func (c *Catalog) WithExtra(extra []Event) (*Catalog, error) // a copy with team-declared events added
//   func ClassifyNotEvent(name string) *NotEvent // data hook / HTTP / router / realtime name, or nil
