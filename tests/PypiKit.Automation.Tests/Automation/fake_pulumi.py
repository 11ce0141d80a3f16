#!/usr/bin/env python3
"""A stand-in for the pulumi CLI, as strict as the real one where PypiKit's driver can go wrong.

Records every call (argv, PULUMI_* env, cwd, pid) as one JSON line in calls.jsonl beside this script. Rejects unknown
flags per subcommand (the hidden --event-log only with PULUMI_DEBUG_COMMANDS=true, as the CLI registers it), keeps
stacks (stacks/<name>.json) and their deployed resources (state/<name>.json) beside this script, and the stack's
config in <cwd>/Pulumi.<stack>.yaml: `stack init` on a passphrase stack writes `encryptionsalt`, secret values are
stored as {secure: v1:...}, operations on a passphrase stack need PULUMI_CONFIG_PASSPHRASE(_FILE) and the right
passphrase. `up`/`preview` check `requiredPulumiVersion`, the program's required config and config types; `destroy`
works from the recorded state and fails on a non-empty bucket or vault without forceDestroy (FAKE_PULUMI_NONEMPTY=1),
leaving those resources behind. Behaviour switches: FAKE_PULUMI_* environment variables.
"""
import base64, hashlib, json, os, re, signal, sys, time
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ARGS = sys.argv[1:]


def flag(name):
    return os.environ.get("FAKE_PULUMI_" + name)


def record(extra=None):
    if flag("NO_RECORD"):
        return
    env = {k: v for k, v in os.environ.items() if k.startswith("PULUMI_")}
    with open(os.path.join(HERE, "calls.jsonl"), "a") as f:
        f.write(json.dumps({"argv": ARGS, "env": env, "cwd": os.getcwd(), "pid": os.getpid(),
                            "path0": os.environ.get("PATH", "").split(os.pathsep)[0], "extra": extra,
                            "sid": os.getsid(0), "pgid": os.getpgid(0)}) + "\n")


def fail(msg, code=255):
    sys.stderr.write(msg + "\n")
    sys.exit(code)


record()
VERSION = flag("VERSION") or "v3.150.0"

UPDATE = {"--parallel": 1, "--message": 1, "--exclude": 1, "--target": 1, "--policy-pack": 1, "--policy-pack-configs": 1,
          "--logflow": 0, "--verbose": 1, "--logtostderr": 0, "--tracing": 1, "--debug": 0, "--json": 0,
          "--config-file": 1, "--profiling": 1, "--exec-kind": 1}
CHANGE = {"--expect-no-changes": 0, "--show-reads": 0, "--diff": 0, "--replace": 1, "--exclude-dependents": 0,
          "--target-dependents": 0, "--refresh": 0}
COMMANDS = {
    ("version",): {},
    ("whoami",): {"--json": 0},
    ("stack", "init"): {"--secrets-provider": 1},
    ("stack", "select"): {"--create": 0, "--secrets-provider": 1},
    ("stack", "rm"): {"--yes": 0, "--force": 0, "--preserve-config": 0},
    ("stack", "ls"): {"--json": 0},
    ("stack", "output"): {"--json": 0, "--show-secrets": 0},
    ("stack", "history"): {"--json": 0, "--show-secrets": 0, "--page-size": 1, "--page": 1},
    ("stack", "export"): {"--show-secrets": 0, "--file": 1},
    ("config",): {"--show-secrets": 0, "--json": 0},
    ("config", "get"): {"--path": 0, "--json": 0},
    ("config", "set"): {"--path": 0, "--secret": 0, "--plaintext": 0, "--type": 1},
    ("config", "set-all"): {"--path": 0, "--secret": 1, "--plaintext": 1, "--json": 1},
    ("config", "rm"): {"--path": 0},
    ("config", "rm-all"): {"--path": 0},
    ("up",): {**UPDATE, **CHANGE, "--yes": 0, "--skip-preview": 0, "--plan": 1, "--continue-on-error": 0},
    ("preview",): {**UPDATE, **CHANGE, "--save-plan": 1},
    ("refresh",): {**UPDATE, "--yes": 0, "--preview-only": 0, "--skip-preview": 0, "--expect-no-changes": 0,
                   "--skip-pending-creates": 0, "--clear-pending-creates": 0, "--import-pending-creates": 1, "--run-program": 0},
    ("destroy",): {**UPDATE, "--yes": 0, "--preview-only": 0, "--skip-preview": 0, "--exclude-dependents": 0,
                   "--target-dependents": 0, "--continue-on-error": 0, "--refresh": 0, "--run-program": 0},
    ("cancel",): {"--yes": 0},
}
GLOBAL = {"--non-interactive": 0, "--stack": 1, "-s": 1, "--cwd": 1, "--color": 1}
ENGINE = ("up", "preview", "refresh", "destroy")

# ------------------------------------------------------------------------------------------------ argv
command = None
for n in (2, 1):
    if tuple(ARGS[:n]) in COMMANDS:
        command = tuple(ARGS[:n])
        break
if command is None:
    fail("error: unknown command %r for \"pulumi\"" % " ".join(a for a in ARGS[:2] if not a.startswith("-")))
spec = dict(COMMANDS[command])
spec.update(GLOBAL)
if command[0] in ENGINE and os.environ.get("PULUMI_DEBUG_COMMANDS") == "true":
    spec["--event-log"] = 1
opts, lists, positional = {}, [], []
rest = ARGS[len(command):]
i = 0
while i < len(rest):
    a = rest[i]
    if a == "--":
        positional += rest[i + 1:]
        break
    if a.startswith("-") and len(a) > 1:
        name, eq, val = a.partition("=")
        if name not in spec:
            fail("error: unknown flag: %s" % name)
        if spec[name] == 1:
            if not eq:
                if i + 1 >= len(rest):
                    fail("error: flag needs an argument: %s" % name)
                i += 1
                val = rest[i]
            lists.append((name, val))
            opts[name] = val
        else:
            if eq and val not in ("true", "false"):
                fail("error: invalid argument %r for %r flag: strconv.ParseBool: parsing %r: invalid syntax" % (val, name, val))
            opts[name] = val if eq else "true"
    else:
        positional.append(a)
    i += 1
if "--secret" in opts and "--plaintext" in opts and command == ("config", "set"):
    fail("error: only one of --secret and --plaintext may be given")

if flag("STDERR") and command[0] in ENGINE + ("stack",):
    fail(flag("STDERR"))
if command == ("version",):
    print(VERSION)
    sys.exit(0)

# ------------------------------------------------------------------------------------------------ project, stacks
STACKS = os.path.join(HERE, "stacks")
STATE = os.path.join(HERE, "state")
os.makedirs(STACKS, exist_ok=True)
os.makedirs(STATE, exist_ok=True)


def project():
    path = os.path.join(os.getcwd(), "Pulumi.yaml")
    if not os.path.exists(path):
        fail("error: no Pulumi.yaml project file found (searching upwards from %s)" % os.getcwd())
    with open(path) as f:
        return yaml.safe_load(f) or {}


def current_stack():
    name = opts.get("--stack") or opts.get("-s")
    if name:
        return name
    cur = os.path.join(HERE, "current")
    if os.path.exists(cur):
        return open(cur).read().strip()
    fail("error: no stack selected; please use `pulumi stack select`")


def stack_info(name):
    path = os.path.join(STACKS, name + ".json")
    if not os.path.exists(path):
        fail("error: no stack named '%s' found" % name)
    return json.load(open(path))


def stack_file(name):
    return os.path.join(os.getcwd(), "Pulumi.%s.yaml" % name)


def load_stack_doc(name):
    path = stack_file(name)
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        doc = yaml.safe_load(f)
    if doc is not None and not isinstance(doc, dict):
        fail("error: could not read %s: not a mapping" % path)
    return doc or {}


def save_stack_doc(name, doc):
    with open(stack_file(name), "w") as f:
        yaml.safe_dump(doc, f, sort_keys=False, default_flow_style=False)


def passphrase():
    if "PULUMI_CONFIG_PASSPHRASE" in os.environ:
        return os.environ["PULUMI_CONFIG_PASSPHRASE"]
    if "PULUMI_CONFIG_PASSPHRASE_FILE" in os.environ:
        return open(os.environ["PULUMI_CONFIG_PASSPHRASE_FILE"]).read()
    fail("error: passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables")


def salt_for(secret, salt):
    return "v1:%s:v1:%s" % (salt, hashlib.sha256((salt + "|" + secret).encode()).hexdigest()[:24])


def unlock(name):
    """A passphrase stack needs the passphrase, and the right one, before its secrets or state can be used."""
    info = stack_info(name)
    if info.get("provider") != "passphrase":
        return
    doc = load_stack_doc(name)
    salt = doc.get("encryptionsalt")
    if not salt:
        fail("error: the stack's config file %s has no encryptionsalt: the passphrase secrets provider cannot be set up "
             "(was the file overwritten after `pulumi stack init`?)" % stack_file(name))
    if salt_for(passphrase(), salt.split(":")[1]) != salt:
        fail("error: incorrect passphrase")


def encrypt(value):
    return {"secure": "v1:" + base64.b64encode(value.encode()).decode()}


def decrypt(node):
    return base64.b64decode(node["secure"][3:]).decode()


def full_key(proj, key):
    return key if ":" in key else "%s:%s" % (proj, key)


def set_value(config, key, value, path):
    """`config set --path`: `a.b`, `a[0]`, `a[1].c` (an index may be the next free one), as the CLI parses paths."""
    if not path:
        config[key] = value
        return
    m = re.match(r"^([^.\[]+)((?:\[\d+\]|\.[^.\[]+)*)$", key)
    if not m:
        fail("error: invalid configuration key path %r" % key)
    parts = [m.group(1)] + [int(i) if i else f for i, f in re.findall(r"\[(\d+)\]|\.([^.\[]+)", m.group(2))]
    container = config
    for here, nxt in zip(parts, parts[1:] + [None]):
        if isinstance(here, int):
            if not isinstance(container, list) or here > len(container):
                fail("error: invalid configuration key path %r: index %d out of range" % (key, here))
        if nxt is None:
            if isinstance(here, int) and here == len(container):
                container.append(value)
            else:
                container[here] = value
            return
        empty = [] if isinstance(nxt, int) else {}
        if isinstance(here, int) and here == len(container):
            container.append(empty)
        elif not isinstance(here, int) and here not in container:
            container[here] = empty
        child = container[here]
        if isinstance(nxt, int) != isinstance(child, list):
            fail("error: invalid configuration key path %r: %r is not a %s" % (key, here, "list" if isinstance(nxt, int) else "map"))
        container = child


def plain(node, show):
    if isinstance(node, dict) and set(node) == {"secure"}:
        return decrypt(node) if show else "[secret]", True
    if isinstance(node, dict):
        out, secret = {}, False
        for k, v in node.items():
            out[k], s = plain(v, show)
            secret |= s
        return out, secret
    if isinstance(node, list):
        out, secret = [], False
        for v in node:
            x, s = plain(v, show)
            out.append(x)
            secret |= s
        return out, secret
    return node, False


def has_secrets(node):
    return plain(node, False)[1]


# ------------------------------------------------------------------------------------------------ commands
if command == ("whoami",):
    print(json.dumps({"user": "fake", "organizations": [], "url": "file://"}) if "--json" in opts else "fake")
    sys.exit(0)

if command in (("stack", "init"), ("stack", "select")):
    proj = project()
    name = positional[0] if command == ("stack", "init") and positional else current_stack()
    marker = os.path.join(STACKS, name + ".json")
    exists = os.path.exists(marker) or bool(flag("STACK_EXISTS"))
    if command == ("stack", "select") and not exists and "--create" not in opts:
        fail("error: no stack named '%s' found" % name)
    if command == ("stack", "init") and exists:
        fail("error: stack '%s' already exists" % name)
    if not os.path.exists(marker):
        provider = opts.get("--secrets-provider", "passphrase")
        doc = load_stack_doc(name)
        if provider == "passphrase":
            secret = passphrase()
            if doc.get("encryptionsalt"):
                if salt_for(secret, doc["encryptionsalt"].split(":")[1]) != doc["encryptionsalt"]:
                    fail("error: incorrect passphrase")
            else:
                doc = {"encryptionsalt": salt_for(secret, base64.b64encode(os.urandom(8)).decode()), **doc}
                save_stack_doc(name, doc)
        json.dump({"provider": provider, "project": proj.get("name")}, open(marker, "w"))
    open(os.path.join(HERE, "current"), "w").write(name)
    sys.exit(0)

if command == ("stack", "rm"):
    name = positional[0] if positional else current_stack()
    stack_info(name)
    if "--yes" not in opts:
        fail("error: --yes must be passed in to proceed when running in non-interactive mode")
    state = os.path.join(STATE, name + ".json")
    if os.path.exists(state) and json.load(open(state)).get("resources") and "--force" not in opts:
        fail("error: '%s' still has resources; removal rejected. Run `pulumi destroy` to delete the resources, then run `pulumi stack rm`" % name)
    os.remove(os.path.join(STACKS, name + ".json"))
    if "--preserve-config" not in opts and os.path.exists(stack_file(name)):
        os.remove(stack_file(name))
    sys.exit(0)

if command == ("stack", "ls"):
    print(json.dumps([{"name": n[:-5], "current": False} for n in sorted(os.listdir(STACKS))]))
    sys.exit(0)

if command[0] == "config":
    proj = project().get("name")
    name = current_stack()
    stack_info(name)
    doc = load_stack_doc(name)
    config = doc.get("config") or {}
    path = "--path" in opts
    if command == ("config",):
        if "--show-secrets" in opts or has_secrets(config):
            unlock(name)
        out = {}
        for k, v in config.items():
            value, secret = plain(v, "--show-secrets" in opts)
            entry = {"value": value if isinstance(value, str) else json.dumps(value), "secret": secret}
            if not isinstance(value, str):
                entry["objectValue"] = value
            out[k] = entry
        print(json.dumps(out))
        sys.exit(0)
    if command == ("config", "get"):
        key = full_key(proj, positional[0])
        if key not in config:
            fail("error: configuration key '%s' not found for stack '%s'" % (key, name))
        if has_secrets(config[key]):
            unlock(name)
        value, secret = plain(config[key], True)
        print(json.dumps({"value": value if isinstance(value, str) else json.dumps(value), "secret": secret}))
        sys.exit(0)
    if command == ("config", "set"):
        if len(positional) != 2:
            fail("error: accepts 2 arg(s) in non-interactive mode, received %d" % len(positional))
        pairs = [("--secret" in opts, positional[0], positional[1])]
    elif command == ("config", "set-all"):
        if "--json" in opts:
            fail("error: --json is not supported by this stand-in")
        pairs = []
        for n, v in lists:
            if n in ("--secret", "--plaintext"):
                if "=" not in v:
                    fail("error: invalid config value %r: expected key=value" % v)
                k, _, val = v.partition("=")
                pairs.append((n == "--secret", k, val))
        if positional:
            fail("error: unexpected arguments %r: give keys with --plaintext key=value or --secret key=value" % positional)
    else:
        keys = positional
        for k in keys:
            config.pop(full_key(proj, k), None)
        doc["config"] = config
        save_stack_doc(name, doc)
        sys.exit(0)
    if any(secret for secret, _, _ in pairs):
        unlock(name)
    for secret, k, v in pairs:
        set_value(config, full_key(proj, k), encrypt(v) if secret else v, path)
    doc["config"] = config
    save_stack_doc(name, doc)
    sys.exit(0)

name = current_stack() if command[0] in ENGINE + ("stack", "cancel") else None
state_path = os.path.join(STATE, (name or "none") + ".json")
state = json.load(open(state_path)) if name and os.path.exists(state_path) else {"resources": [], "history": []}


def save_state():
    json.dump(state, open(state_path, "w"))


if command == ("cancel",):
    stack_info(name)
    sys.exit(0)

if command == ("stack", "output"):
    stack_info(name)
    if "--show-secrets" in opts:
        unlock(name)
    if flag("OUTPUTS"):
        outputs = json.load(open(flag("OUTPUTS")))
        if "--show-secrets" not in opts:
            outputs = {k: ("[secret]" if k in (flag("SECRET_KEYS") or "").split(",") else v) for k, v in outputs.items()}
    else:
        outputs = {"url": "https://pypi.example.com", "password": "s3cr3t-Passw0rd" if "--show-secrets" in opts else "[secret]",
                   "capacityInfo": {"tasks_per_instance": 3}}
    print(json.dumps(outputs))
    sys.exit(0)

if command == ("stack", "history"):
    stack_info(name)
    print(json.dumps(state["history"][-1:] or [{"version": 3, "kind": "update", "startTime": "2026-11-21T23:00:00Z", "message": "",
                                                 "environment": {}, "config": {}, "result": "succeeded", "endTime": "2026-11-21T23:01:00Z",
                                                 "resourceChanges": {"create": 83}}]))
    sys.exit(0)

if command == ("stack", "export"):
    stack_info(name)
    if "--show-secrets" in opts:
        unlock(name)
    print(json.dumps({"version": 3, "deployment": {"manifest": {}, "resources": state["resources"]}}))
    sys.exit(0)

# ------------------------------------------------------------------------------------------------ engine operations
proj_doc = project()
stack_info(name)
unlock(name)
if command[0] in ("up", "preview"):
    required = proj_doc.get("requiredPulumiVersion")
    if required:
        have = tuple(int(x) for x in VERSION.lstrip("v").split("-")[0].split("."))
        for clause in str(required).split():
            m = re.match(r"^>=\s*v?(\d+)\.(\d+)\.(\d+)$", clause)
            if not m:
                fail("error: could not parse requiredPulumiVersion %r" % required)
            if have < tuple(int(x) for x in m.groups()):
                fail("error: the current Pulumi CLI version (%s) does not satisfy requiredPulumiVersion '%s'" % (VERSION.lstrip("v"), required))
    config = load_stack_doc(name).get("config") or {}
    proj = proj_doc.get("name")
    for key, decl in (proj_doc.get("config") or {}).items():
        if ":" in key or not isinstance(decl, dict):
            continue
        full = "%s:%s" % (proj, key)
        if full not in config:
            if "default" not in decl:
                fail("error: Missing required configuration variable '%s'\n    please set a value using the command `pulumi config set %s <value>`" % (full, full))
            continue
        value = config[full]
        kind = decl.get("type")
        if kind == "array" and not isinstance(value, list) or kind == "string" and not (isinstance(value, str) or isinstance(value, dict) and "secure" in value):
            fail("error: config '%s' has the wrong type: the program declares %s" % (full, kind))

print("Updating (%s):" % name)
sys.stdout.flush()
log = opts.get("--event-log")
events = []
if flag("EVENTS"):
    with open(flag("EVENTS")) as f:
        events = [l for l in f.read().split("\n") if l.strip()]
out = open(log, "w") if log else None


interrupted = []


def on_int(signum, frame):
    # like the engine: the first SIGINT cancels gracefully (in-flight steps finish), a second one terminates at once
    record("SIGINT")
    if interrupted:
        sys.stderr.write("error: second interrupt received: forcefully terminating (pending operations stay in the state)\n")
        sys.stderr.flush()
        os._exit(255)
    interrupted.append(time.time())
    if out:
        out.write(json.dumps({"sequence": 99, "timestamp": int(time.time()), "cancelEvent": {}}) + "\n")
        out.flush()


def graceful_stop():
    """After the first SIGINT the engine drains for half a second (a second SIGINT in that window forces it), then stops."""
    if interrupted:
        while time.time() - interrupted[0] < 0.5:
            time.sleep(0.01)
        fail("error: update canceled")


signal.signal(signal.SIGINT, on_int)
record("ENGINE")  # the engine runs: from here on SIGINT is a graceful cancel
for line in events:
    graceful_stop()
    if out:
        out.write(line + "\n")
        out.flush()
    time.sleep(0.02)
if flag("HANG"):
    for _ in range(3000):
        graceful_stop()
        time.sleep(0.01)
    fail("error: fake pulumi was never interrupted")
graceful_stop()


def urn(res_name, res_type):
    return "urn:pulumi:%s::%s::%s::%s" % (name, proj_doc.get("name"), res_type, res_name)


if command[0] == "up":
    state["resources"] = [{"urn": urn(n, r.get("type")), "type": r.get("type"),
                           "inputs": {"forceDestroy": ((r.get("properties") or {}).get("forceDestroy") is True)}}
                          for n, r in (proj_doc.get("resources") or {}).items()]
    state["history"].append({"version": len(state["history"]) + 1, "kind": "update", "result": "succeeded",
                             "resourceChanges": {"create": len(state["resources"])}})
    save_state()
    print("Resources: %d created" % len(state["resources"]))
elif command[0] == "destroy" and "--preview-only" not in opts:
    blockers = [r for r in state["resources"] if flag("NONEMPTY") and r["type"] in ("aws:s3:Bucket", "aws:backup:Vault")
                and not r["inputs"].get("forceDestroy")]
    state["resources"] = blockers
    state["history"].append({"version": len(state["history"]) + 1, "kind": "destroy", "result": "failed" if blockers else "succeeded",
                             "resourceChanges": {}})
    save_state()
    if blockers:
        fail("\n".join("error: deleting %s: %s" % (r["urn"], "BucketNotEmpty: The bucket you tried to delete is not empty. You must delete all versions in the bucket."
                                                    if r["type"] == "aws:s3:Bucket" else "InvalidRequestException: Backup vault cannot be deleted because it contains recovery points.")
                       for r in blockers))
    print("Resources: deleted")
else:
    print("Resources: 83 unchanged")
sys.exit(0)
