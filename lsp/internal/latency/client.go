package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// client speaks LSP to a `velo-lsp serve` child over its stdin and stdout,
// framing messages itself (Content-Length headers), as an editor does. A
// reading goroutine stamps every message with its arrival time, so a
// latency is the time from just before a message is written to the moment
// the answer has been read off the pipe and decoded.
type client struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser

	wmu    sync.Mutex // one writer at a time
	nextID int

	mu       sync.Mutex
	cond     *sync.Cond
	pending  map[string]chan message
	publish  []published // publishDiagnostics of every URI, in arrival order
	readErr  error
	exitWait chan error
}

type message struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
	at time.Time // when the reader finished decoding it
}

// published is one publishDiagnostics notification.
type published struct {
	URI         string       `json:"uri"`
	Version     *int         `json:"version"`
	Diagnostics []diagnostic `json:"diagnostics"`
	at          time.Time
}

type position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type diagnostic struct {
	Range struct {
		Start position `json:"start"`
		End   position `json:"end"`
	} `json:"range"`
	Severity int    `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// start runs `bin serve` with the server's default settings (only the log
// level is raised, so that stderr stays quiet) and starts reading.
func start(bin string, env []string) (*client, error) {
	cmd := exec.Command(bin, "serve", "--log-level", "error")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &client{cmd: cmd, stdin: stdin, pending: map[string]chan message{}, exitWait: make(chan error, 1)}
	c.cond = sync.NewCond(&c.mu)
	go c.read(stdout)
	return c, nil
}

func (c *client) read(r io.Reader) {
	br := bufio.NewReaderSize(r, 1<<16)
	for {
		body, err := readFrame(br)
		if err != nil {
			c.mu.Lock()
			c.readErr = err
			c.cond.Broadcast()
			c.mu.Unlock()
			c.exitWait <- c.cmd.Wait()
			return
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			c.mu.Lock()
			c.readErr = fmt.Errorf("server sent invalid JSON: %v", err)
			c.cond.Broadcast()
			c.mu.Unlock()
			continue
		}
		m.at = time.Now()
		hasID := len(m.ID) > 0 && string(m.ID) != "null"
		switch {
		case m.Method == "textDocument/publishDiagnostics":
			var p published
			if err := json.Unmarshal(m.Params, &p); err == nil {
				p.at = m.at
				c.mu.Lock()
				c.publish = append(c.publish, p)
				c.cond.Broadcast()
				c.mu.Unlock()
			}
		case m.Method != "" && hasID:
			// A request of the server's (client/registerCapability,
			// workspace/configuration): answered with null, as a client
			// without those features would.
			go func(id json.RawMessage) {
				_ = c.write(map[string]any{"jsonrpc": "2.0", "id": id, "result": nil})
			}(m.ID)
		case m.Method != "":
			// window/logMessage and the like: not measured.
		default:
			c.mu.Lock()
			if ch, ok := c.pending[string(m.ID)]; ok {
				ch <- m
				delete(c.pending, string(m.ID))
			}
			c.mu.Unlock()
		}
	}
}

func readFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length:"); ok {
			if length, err = strconv.Atoi(strings.TrimSpace(v)); err != nil {
				return nil, fmt.Errorf("bad Content-Length %q", v)
			}
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("frame without Content-Length")
	}
	body := make([]byte, length)
	_, err := io.ReadFull(r, body)
	return body, err
}

func (c *client) write(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_, err = fmt.Fprintf(c.stdin, "Content-Length: %d\r\n\r\n%s", len(b), b)
	return err
}

func (c *client) notify(method string, params any) error {
	return c.write(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// call sends a request and waits for its reply; took is from just before
// the write to the reply's arrival.
func (c *client) call(method string, params any) (m message, took time.Duration, err error) {
	c.mu.Lock()
	c.nextID++
	n := c.nextID
	id := strconv.Itoa(n)
	ch := make(chan message, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	t0 := time.Now()
	if err := c.write(map[string]any{"jsonrpc": "2.0", "id": n, "method": method, "params": params}); err != nil {
		return m, 0, err
	}
	select {
	case m = <-ch:
	case <-time.After(30 * time.Second):
		return m, 0, fmt.Errorf("%s: no reply in 30 s", method)
	}
	if m.Error != nil {
		return m, 0, fmt.Errorf("%s: error %d %s", method, m.Error.Code, m.Error.Message)
	}
	return m, m.at.Sub(t0), nil
}

// waitPublish waits for the publishDiagnostics of uri at version and
// returns it; the search starts at index from of the arrival list, and
// next is where the following search may start.
func (c *client) waitPublish(uri string, version, from int) (p published, next int, err error) {
	deadline := time.Now().Add(30 * time.Second)
	timer := time.AfterFunc(30*time.Second, func() { c.mu.Lock(); c.cond.Broadcast(); c.mu.Unlock() })
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		for i := from; i < len(c.publish); i++ {
			q := c.publish[i]
			if q.URI == uri && q.Version != nil && *q.Version == version {
				return q, i + 1, nil
			}
		}
		if c.readErr != nil {
			return p, from, fmt.Errorf("waiting for diagnostics of version %d: %w", version, c.readErr)
		}
		if time.Now().After(deadline) {
			return p, from, fmt.Errorf("no diagnostics for version %d within 30 s", version)
		}
		c.cond.Wait()
	}
}

// publishes returns how many publishes have arrived.
func (c *client) publishes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.publish)
}

// quiet waits until no publish has arrived for d (the workspace scan is
// done), at most max.
func (c *client) quiet(d, max time.Duration) {
	end := time.Now().Add(max)
	n := c.publishes()
	for time.Now().Before(end) {
		time.Sleep(d)
		m := c.publishes()
		if m == n {
			return
		}
		n = m
	}
}

// memory returns VmHWM and VmRSS of the server process, in kB, from
// /proc/<pid>/status (Linux).
func (c *client) memory() (hwm, rss int, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		f := strings.Fields(v) // "12345 kB"
		if len(f) == 0 {
			continue
		}
		n, _ := strconv.Atoi(f[0])
		switch k {
		case "VmHWM":
			hwm = n
		case "VmRSS":
			rss = n
		}
	}
	return hwm, rss, nil
}

// cpu returns the user and system CPU time the server has used, from
// /proc/<pid>/stat (Linux; in clock ticks of 1/100 s, the kernel's
// USER_HZ on every Linux architecture Go supports but alpha and ia64).
func (c *client) cpu() (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", c.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	// pid (comm) state ppid …: utime and stime are the 14th and 15th
	// fields, the 12th and 13th after the command name's ")".
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b[i+1:]))
	if i < 0 || len(f) < 13 {
		return 0, fmt.Errorf("unexpected /proc/<pid>/stat: %q", b)
	}
	utime, err1 := strconv.Atoi(f[11])
	stime, err2 := strconv.Atoi(f[12])
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("unexpected /proc/<pid>/stat: %q", b)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

// close ends the session politely (shutdown, exit) and waits for the
// process; a server that does not exit within 5 s is killed.
func (c *client) close() error {
	_, _, _ = c.call("shutdown", nil)
	_ = c.notify("exit", nil)
	_ = c.stdin.Close()
	select {
	case err := <-c.exitWait:
		return err
	case <-time.After(5 * time.Second):
		_ = c.cmd.Process.Kill()
		return fmt.Errorf("the server did not exit within 5 s of exit: killed")
	}
}
