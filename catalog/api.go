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
//
// Added by the catalog package (extensions, nothing above changed):
//
//   func DefaultError() error                    // why Default is empty, if the embedded data failed to load
//   func (c *Catalog) Prefixes() []string        // every handler prefix, sorted
//   func (c *Catalog) PrefixAlias(wrong string) string // known wrong prefix → real one ("wixEcommerce" → "wixEcom")
//   func (c *Catalog) DataHooks() []string       // data hook names from the wix-data-hooks reference
//   var HandlerPattern *regexp.Regexp            // ^[A-Za-z][A-Za-z0-9]*_on[A-Z]\w*$
//   func Filter(events []*Event, query string) []*Event   // the `velo-lsp catalog <filter>` rule
//   func WriteTable(w io.Writer, events []*Event) error   // `velo-lsp catalog`
//   func WriteJSON(w io.Writer, events []*Event) error    // `velo-lsp catalog --format json` (CATALOG_JSON.md)
//   func ToJSON(events []*Event) []JSONEvent
