// Command go-template parses, and optionally executes, consul-template files with Go's own
// text/template, so tests can compare the project's TypeScript reimplementation with the real
// thing. Standard library only; run it as `go run main.go` (no go.mod needed, Go 1.19 or newer).
//
// stdin:  {"functions": [names], "templates": [{"name", "text", "secrets"?}], "secrets": {...}, "render": bool}
// stdout: [{"name", "parseError"?, "execError"?, "output"?}]
//
// secrets maps a Vault API path to the key/value pairs stored there. A template's own
// "secrets" replaces the top-level set for that template only, so one run can render the same
// template against several secret sets.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"text/template"
	"unicode/utf8"
)

type secretSet map[string]map[string]string

type templateInput struct {
	Name    string    `json:"name"`
	Text    string    `json:"text"`
	Secrets secretSet `json:"secrets,omitempty"`
}

type input struct {
	Functions []string        `json:"functions"`
	Templates []templateInput `json:"templates"`
	Secrets   secretSet       `json:"secrets"`
	Render    bool            `json:"render"`
}

type result struct {
	Name       string  `json:"name"`
	ParseError *string `json:"parseError,omitempty"`
	ExecError  *string `json:"execError,omitempty"`
	Output     *string `json:"output,omitempty"`
}

// Secret has the exported fields of consul-template's dependency.Secret (dependency/vault_common.go),
// so a template that reaches for any other field fails here as it would under the agent.
// Data holds the Vault response's "data" as is: current consul-template no longer unwraps KV v2,
// hence `.Data.data.<key>` for v2 and `.Data.<key>` for v1.
type Secret struct {
	RequestID     string
	LeaseID       string
	LeaseDuration int
	Renewable     bool
	Data          map[string]interface{}
	Warnings      []string
}

// secretFunc mirrors the shape of consul-template's secretFunc (template/funcs.go): variadic,
// returning interface{}; no arguments renders nothing. Extra "k=v" arguments make it a Vault
// write, which perfect-gen never emits, so they are refused here.
func secretFunc(secrets secretSet) func(...string) (interface{}, error) {
	return func(args ...string) (interface{}, error) {
		if len(args) == 0 {
			return nil, nil
		}
		if len(args) > 1 {
			return nil, fmt.Errorf("secret %q: write queries are not supported by this harness", args[0])
		}
		path := args[0]
		values, ok := secrets[path]
		if !ok {
			return nil, fmt.Errorf("no secret at %q", path)
		}
		data := make(map[string]interface{}, len(values))
		for k, v := range values {
			data[k] = v
		}
		// A KV v2 read returns {"data": {...}, "metadata": {...}}.
		if strings.Contains(path, "/data/") {
			return &Secret{Data: map[string]interface{}{"data": data, "metadata": map[string]interface{}{}}}, nil
		}
		return &Secret{Data: data}, nil
	}
}

// replaceAll and regexMatch copy consul-template's template/funcs.go (commit 03c63446): the piped
// value comes last, and regexMatch uses Go's RE2 regexp with MatchString.
func replaceAll(f, t, s string) (string, error) {
	return strings.Replace(s, f, t, -1), nil
}

func regexMatch(re, s string) (bool, error) {
	compiled, err := regexp.Compile(re)
	if err != nil {
		return false, err
	}
	return compiled.MatchString(s), nil
}

// funcMap registers every consul-template function name so that parsing accepts exactly what the
// agent accepts; only the functions perfect-gen's templates call do real work.
func funcMap(names []string, secrets secretSet) template.FuncMap {
	funcs := template.FuncMap{}
	for _, name := range names {
		name := name
		funcs[name] = func(...interface{}) (interface{}, error) {
			return nil, fmt.Errorf("%s is a parse-only stub in this harness", name)
		}
	}
	funcs["secret"] = secretFunc(secrets)
	funcs["replaceAll"] = replaceAll
	funcs["regexMatch"] = regexMatch
	return funcs
}

func run(in input, t templateInput) result {
	res := result{Name: t.Name}
	secrets := in.Secrets
	if t.Secrets != nil {
		secrets = t.Secrets
	}
	// consul-template sets missingkey=error when error_on_missing_key is on, as perfect-gen's agent.hcl does.
	tmpl, err := template.New(t.Name).Option("missingkey=error").Funcs(funcMap(in.Functions, secrets)).Parse(t.Text)
	if err != nil {
		msg := err.Error()
		res.ParseError = &msg
		return res
	}
	if !in.Render {
		return res
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, nil); err != nil {
		msg := err.Error()
		res.ExecError = &msg
		return res
	}
	text := out.String()
	// JSON would silently replace invalid UTF-8; report it instead so comparisons stay byte-exact.
	if !utf8.ValidString(text) {
		msg := "output is not valid UTF-8"
		res.ExecError = &msg
		return res
	}
	res.Output = &text
	return res
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintf(os.Stderr, "go-template: bad input: %v\n", err)
		os.Exit(2)
	}
	results := make([]result, 0, len(in.Templates))
	for _, t := range in.Templates {
		results = append(results, run(in, t))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(results); err != nil {
		fmt.Fprintf(os.Stderr, "go-template: %v\n", err)
		os.Exit(2)
	}
}
