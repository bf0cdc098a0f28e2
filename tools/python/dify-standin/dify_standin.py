"""A stand-in for Dify's console API, for Flowback's tests. No real Dify runs on these machines (it needs Postgres,
Redis, a sandbox and a plugin daemon), so this server answers the few console endpoints Flowback's Dify adapter
calls, with the status codes, bodies and refusals Dify's own code gives. It is built from Dify's sources
(langgenius/dify); each handler names the file it follows:

  POST /console/api/login                          api/controllers/console/auth/login.py (LoginApi),
                                                   api/controllers/console/auth/error.py, api/libs/token.py
  GET  /console/api/apps/<app_id>                  api/controllers/console/app/app.py (AppApi), wraps.py
  POST /console/api/apps/<app_id>/api-enable       app.py (AppApiStatus)
  POST /console/api/apps/<app_id>/site-enable      app.py (AppSiteStatus)
  POST /console/api/apps/imports                   api/controllers/console/app/app_import.py (AppImportApi),
                                                   api/services/app_dsl_service.py (import_app,
                                                   _check_version_compatibility, _create_or_update_app)
  POST /console/api/apps/imports/<id>/confirm      app_import.py (AppImportConfirmApi), app_dsl_service.py
                                                   (confirm_import)
  POST /console/api/apps/<app_id>/workflows/publish   api/controllers/console/app/workflow.py
  GET  /console/api/apps/<app_id>/workflows/publish   (PublishedWorkflowApi, PublishWorkflowPayload),
                                                   api/services/workflow_service.py (publish_workflow),
                                                   api/fields/workflow_fields.py (workflow_fields)
  GET  /console/api/apps/<app_id>/workflow-runs/count api/controllers/console/app/workflow_run.py

What it does NOT do: run workflows, plugins, tenants, roles, billing. Authentication is the cookie era's: login sets
access_token, refresh_token and csrf_token cookies; every console call needs the access token (cookie or Bearer) and,
as libs/token.py check_csrf_token demands, an X-CSRF-Token header equal to the csrf_token cookie.

Test controls, which are not Dify, live under /_standin/ and need no login: create accounts and apps, start and
finish runs (a run is pinned to the published workflow at its start, as AppGenerateService does, and refused while
the app's API is disabled, as service_api/wraps.py validate_app_token does), read what was published (with the
exact YAML bytes each import brought), and inject the failure of the next publish.

Run: python dify_standin.py [--current-dsl-version 0.6.0]  -> prints {"port": N} once listening on 127.0.0.1, and
exits when its standard input closes.
"""
import argparse
import base64
import datetime
import hashlib
import http.server
import json
import re
import secrets
import sys
import threading
import time
import urllib.parse
import uuid

import yaml
from packaging import version as pkg_version

LOCK = threading.RLock()
STATE = {
    "current_dsl_version": "0.6.0",
    "password_encoding": "base64",
    "accounts": {},      # email -> password
    "tokens": {},        # access token -> {"email", "csrf"}
    "apps": {},          # app id -> app
    "pending": {},       # import id -> pending data (Dify keeps it in Redis for 10 minutes)
    "runs": {},          # run id -> run
    "faults": {},        # "publish" / "import" -> message, used once
    "calls": [],         # (method, path) of every console call, for tests
}
UUID_RE = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
PENDING_EXPIRY_SECONDS = 10 * 60


class StandInError(Exception):
    def __init__(self, status, body):
        super().__init__(body)
        self.status = status
        self.body = body


def http_error(status, code, message):
    """Dify's BaseHTTPException / werkzeug error body: {"code", "message", "status"}."""
    return StandInError(status, {"code": code, "message": message, "status": status})


def unique_hash(graph, features):
    """api/models/workflow.py unique_hash -> api/libs/helper.py generate_text_hash."""
    entity = {"graph": graph, "features": features}
    return hashlib.sha256((json.dumps(entity, sort_keys=True) + "None").encode()).hexdigest()


def check_version_compatibility(imported_version):
    """api/services/app_dsl_service.py _check_version_compatibility (api/services/dsl_version.py in newer code)."""
    try:
        current = pkg_version.parse(STATE["current_dsl_version"])
        imported = pkg_version.parse(imported_version)
    except pkg_version.InvalidVersion:
        return "failed"
    if imported > current:
        return "pending"
    if imported.major < current.major:
        return "pending"
    if imported.minor < current.minor:
        return "completed-with-warnings"
    return "completed"


def import_result(import_id, status, app_id=None, app_mode=None, imported="", error=""):
    """The Import model (app_dsl_service.py), as app_import.py returns it."""
    return {"id": import_id, "status": status, "app_id": app_id, "app_mode": app_mode,
            "current_dsl_version": STATE["current_dsl_version"], "imported_dsl_version": imported, "error": error}


def create_or_update_app(app, data, yaml_text):
    """_create_or_update_app for an existing workflow / advanced-chat app: only the draft is replaced."""
    app_data = data.get("app", {})
    app_mode = app_data.get("mode")
    if not app_mode:
        raise ValueError("loss app mode")
    if app_mode not in ("workflow", "advanced-chat", "chat", "agent-chat", "completion", "channel"):
        raise ValueError(f"'{app_mode}' is not a valid AppMode")
    app["name"] = app_data.get("name", app["name"])
    if app_mode in ("workflow", "advanced-chat"):
        workflow = data.get("workflow")
        if not workflow or not isinstance(workflow, dict):
            raise ValueError("Missing workflow data for workflow/advanced chat app")
        graph = workflow.get("graph", {})
        features = workflow.get("features", {})
        if not isinstance(graph, dict) or not isinstance(features, dict):
            raise ValueError("graph and features must be mappings")
        for key in ("nodes", "edges"):
            if key in graph and not isinstance(graph[key], list):
                raise ValueError(f"graph.{key} must be a list")
        # sync_draft_workflow stores json.dumps(graph): a value JSON cannot carry (a YAML date) fails here as in Dify.
        graph_text = json.dumps(graph)
        features_text = json.dumps(features)
        app["draft"] = {"graph": json.loads(graph_text), "features": json.loads(features_text),
                        "hash": unique_hash(graph, features), "yaml": yaml_text,
                        "environment_variables": workflow.get("environment_variables", []),
                        "conversation_variables": workflow.get("conversation_variables", [])}


def import_app(payload):
    mode = payload.get("mode")
    if mode not in ("yaml-content", "yaml-url"):
        # import_app raises ValueError, which Dify's error handler answers with 400.
        raise http_error(400, "invalid_param", f"Invalid import_mode: {mode}")
    import_id = str(uuid.uuid4())
    if mode == "yaml-url":
        return 400, import_result(import_id, "failed", error="yaml-url imports are not supported by the stand-in")
    content = payload.get("yaml_content")
    if not content:
        return 400, import_result(import_id, "failed",
                                  error="yaml_content is required when import_mode is yaml-content")
    fault = STATE["faults"].pop("import", None)
    if fault:
        return 400, import_result(import_id, "failed", error=fault)
    try:
        data = yaml.safe_load(content)
        if not isinstance(data, dict):
            return 400, import_result(import_id, "failed", error="Invalid YAML format: content must be a mapping")
        if not data.get("version"):
            data["version"] = "0.1.0"
        if not data.get("kind") or data.get("kind") != "app":
            data["kind"] = "app"
        imported = data.get("version", "0.1.0")
        if not isinstance(imported, str):
            raise ValueError(f"Invalid version type, expected str, got {type(imported)}")
        status = check_version_compatibility(imported)
        if status == "failed":
            return 400, import_result(import_id, "failed", imported=imported, error="Invalid DSL version")
        if not data.get("app"):
            return 400, import_result(import_id, "failed", error="Missing app data in YAML content")
        app_id = payload.get("app_id")
        app = None
        if app_id:
            app = STATE["apps"].get(app_id)
            if not app:
                return 400, import_result(import_id, "failed", error="App not found")
            if app["mode"] not in ("workflow", "advanced-chat"):
                return 400, import_result(import_id, "failed",
                                          error="Only workflow or advanced chat apps can be overwritten")
        else:
            return 400, import_result(import_id, "failed",
                                      error="the stand-in only overwrites existing apps: give app_id")
        if status == "pending":
            STATE["pending"][import_id] = {"yaml_content": content, "app_id": app_id, "at": time.time()}
            return 202, import_result(import_id, "pending", app_id=app_id, imported=imported)
        create_or_update_app(app, data, content)
        return 200, import_result(import_id, status, app_id=app["id"], app_mode=app["mode"], imported=imported)
    except yaml.YAMLError as e:
        return 400, import_result(import_id, "failed", error=f"Invalid YAML format: {e}")
    except Exception as e:  # import_app answers any other failure as status failed with its text
        return 400, import_result(import_id, "failed", error=str(e))


def confirm_import(import_id):
    pending = STATE["pending"].get(import_id)
    if not pending or time.time() - pending["at"] > PENDING_EXPIRY_SECONDS:
        STATE["pending"].pop(import_id, None)
        return 400, import_result(import_id, "failed", error="Import information expired or does not exist")
    try:
        data = yaml.safe_load(pending["yaml_content"])
        app = STATE["apps"].get(pending["app_id"])
        if app is None:
            raise ValueError("App not found")
        create_or_update_app(app, data, pending["yaml_content"])
        del STATE["pending"][import_id]
        return 200, import_result(import_id, "completed", app_id=app["id"], app_mode=app["mode"],
                                  imported=data.get("version", "0.1.0"))
    except Exception as e:
        return 400, import_result(import_id, "failed", error=str(e))


def workflow_fields(row):
    """api/fields/workflow_fields.py workflow_fields (the subset Flowback reads, plus the usual neighbours)."""
    return {"id": row["id"], "graph": row["graph"], "features": row["features"], "hash": row["hash"],
            "version": row["version"], "marked_name": row["marked_name"], "marked_comment": row["marked_comment"],
            "created_at": row["created_at"], "updated_at": row["created_at"], "tool_published": False,
            "environment_variables": row["environment_variables"],
            "conversation_variables": row["conversation_variables"]}


def publish(app, payload):
    """PublishedWorkflowApi.post -> WorkflowService.publish_workflow: always a new row, then app.workflow_id."""
    marked_name = payload.get("marked_name") or ""
    marked_comment = payload.get("marked_comment") or ""
    if len(marked_name) > 20:
        raise http_error(400, "invalid_param", "marked_name: String should have at most 20 characters")
    if len(marked_comment) > 100:
        raise http_error(400, "invalid_param", "marked_comment: String should have at most 100 characters")
    fault = STATE["faults"].pop("publish", None)
    if fault:
        raise http_error(400, "invalid_param", fault)
    draft = app.get("draft")
    if not draft:
        raise http_error(400, "invalid_param", "No valid workflow found.")
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    row = {"id": str(uuid.uuid4()), "version": str(now), "graph": draft["graph"], "features": draft["features"],
           "hash": draft["hash"], "marked_name": marked_name, "marked_comment": marked_comment,
           "created_at": int(time.time()), "environment_variables": draft["environment_variables"],
           "conversation_variables": draft["conversation_variables"], "yaml": draft["yaml"]}
    app["published"].append(row)
    app["workflow_id"] = row["id"]
    return {"result": "success", "created_at": row["created_at"]}


def app_detail(app):
    return {"id": app["id"], "name": app["name"], "mode": app["mode"], "enable_site": app["enable_site"],
            "enable_api": app["enable_api"], "workflow_id": app["workflow_id"]}


def count_runs(app, query):
    triggered_from = query.get("triggered_from", "debugging")
    status = query.get("status")
    runs = [r for r in STATE["runs"].values() if r["app_id"] == app["id"] and r["triggered_from"] == triggered_from]
    counts = {s: sum(1 for r in runs if r["status"] == s)
              for s in ("running", "succeeded", "failed", "stopped", "partial-succeeded")}
    total = counts[status] if status in counts else len(runs)
    return {"total": total, "running": counts["running"], "succeeded": counts["succeeded"],
            "failed": counts["failed"], "stopped": counts["stopped"],
            "partial_succeeded": counts["partial-succeeded"]}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _read_body(self):
        # Read every request's body, used or not: on a kept-alive connection unread bytes would be taken for the
        # next request line.
        length = int(self.headers.get("Content-Length") or 0)
        self._raw = self.rfile.read(length) if length else b""

    def _body(self):
        raw = self._raw
        if not raw:
            return {}
        try:
            value = json.loads(raw)
        except ValueError:
            raise http_error(400, "bad_request", "The browser (or proxy) sent a request that this server could not"
                                                 " understand.")
        return value if isinstance(value, dict) else {}

    def _send(self, status, body, cookies=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for cookie in cookies:
            self.send_header("Set-Cookie", cookie)
        self.end_headers()
        self.wfile.write(data)

    def _cookies(self):
        jar = {}
        for part in (self.headers.get("Cookie") or "").split(";"):
            if "=" in part:
                name, value = part.strip().split("=", 1)
                jar[name] = value
        return jar

    def _account(self):
        """libs/login.py login_required: the access token (cookie first, then Bearer), then check_csrf_token."""
        cookies = self._cookies()
        token = cookies.get("access_token")
        if not token:
            auth = self.headers.get("Authorization") or ""
            if " " in auth and auth.split(None, 1)[0].lower() == "bearer":
                token = auth.split(None, 1)[1]
        session = STATE["tokens"].get(token) if token else None
        if session is None:
            raise http_error(401, "unauthorized", "Invalid Authorization token.")
        csrf_header = self.headers.get("X-CSRF-Token")
        if not csrf_header or csrf_header != cookies.get("csrf_token") or csrf_header != session["csrf"]:
            raise http_error(401, "unauthorized", "CSRF token is missing or invalid.")
        return session["email"]

    def _app(self, app_id, modes=None):
        """controllers/console/app/wraps.py get_app_model: 404 app_not_found, also for a mode not served."""
        app = STATE["apps"].get(app_id)
        if app is None:
            raise http_error(404, "app_not_found", "App not found.")
        if modes and app["mode"] not in modes:
            raise http_error(404, "app_not_found", f"App mode is not in the supported list: {set(modes)}")
        return app

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def _dispatch(self, method):
        self._read_body()
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        query = dict(urllib.parse.parse_qsl(url.query))
        try:
            with LOCK:
                if path.startswith("/_standin/"):
                    self._send(*self._control(method, path, query))
                    return
                STATE["calls"].append([method, path])
                self._send(*self._console(method, path, query))
        except StandInError as e:
            self._send(e.status, e.body)

    def _console(self, method, path, query):
        workflow_modes = ("workflow", "advanced-chat")
        if method == "POST" and path == "/console/api/login":
            return self._login(self._body())
        email = self._account()
        del email
        m = re.fullmatch(r"/console/api/apps/(" + UUID_RE + ")", path)
        if m and method == "GET":
            return 200, app_detail(self._app(m.group(1)))
        m = re.fullmatch(r"/console/api/apps/(" + UUID_RE + ")/(api|site)-enable", path)
        if m and method == "POST":
            app = self._app(m.group(1))
            field = "enable_" + m.group(2)
            value = self._body().get(field)
            if not isinstance(value, bool):
                raise http_error(400, "invalid_param", f"{field}: Missing required parameter in the JSON body")
            app[field] = value
            return 200, app_detail(app)
        if path == "/console/api/apps/imports" and method == "POST":
            return import_app(self._body())
        m = re.fullmatch(r"/console/api/apps/imports/([^/]+)/confirm", path)
        if m and method == "POST":
            return confirm_import(m.group(1))
        m = re.fullmatch(r"/console/api/apps/(" + UUID_RE + ")/workflows/publish", path)
        if m:
            app = self._app(m.group(1), workflow_modes)
            if method == "POST":
                return 200, publish(app, self._body())
            row = next((r for r in app["published"] if r["id"] == app["workflow_id"]), None)
            return 200, (workflow_fields(row) if row else None)
        m = re.fullmatch(r"/console/api/apps/(" + UUID_RE + ")/workflow-runs/count", path)
        if m and method == "GET":
            return 200, count_runs(self._app(m.group(1), workflow_modes), query)
        raise http_error(404, "not_found", "The requested URL was not found on the server.")

    def _login(self, body):
        email = body.get("email")
        password = body.get("password")
        if not isinstance(email, str) or not isinstance(password, str):
            raise http_error(400, "invalid_param", "email and password are required")
        if STATE["password_encoding"] == "base64":
            # controllers/console/wraps.py decrypt_password_field, the base64 variant of libs/encryption.py
            try:
                password = base64.b64decode(password, validate=True).decode()
            except Exception:
                raise http_error(401, "authentication_failed", "Invalid encrypted data")
        if STATE["accounts"].get(email) != password:
            raise http_error(401, "authentication_failed", "Invalid email or password.")
        access, refresh, csrf = (secrets.token_urlsafe(24) for _ in range(3))
        STATE["tokens"][access] = {"email": email, "csrf": csrf}
        return 200, {"result": "success"}, [f"access_token={access}; HttpOnly; Path=/; SameSite=Lax",
                                             f"refresh_token={refresh}; HttpOnly; Path=/; SameSite=Lax",
                                             f"csrf_token={csrf}; Path=/; SameSite=Lax"]

    def _control(self, method, path, query):
        body = self._body() if method == "POST" else {}
        if path == "/_standin/accounts" and method == "POST":
            STATE["accounts"][body["email"]] = body["password"]
            return 200, {"email": body["email"]}
        if path == "/_standin/apps" and method == "POST":
            app_id = str(uuid.uuid4())
            STATE["apps"][app_id] = {"id": app_id, "name": body.get("name", "app"),
                                     "mode": body.get("mode", "workflow"), "enable_site": True, "enable_api": True,
                                     "workflow_id": None, "draft": None, "published": []}
            return 200, {"id": app_id}
        m = re.fullmatch(r"/_standin/apps/([^/]+)", path)
        if m and method == "GET":
            app = STATE["apps"].get(m.group(1))
            if app is None:
                return 404, {"error": "no such app"}
            return 200, {**app_detail(app), "draft": app["draft"],
                         "published": [{"id": r["id"], "marked_name": r["marked_name"],
                                        "marked_comment": r["marked_comment"], "hash": r["hash"], "yaml": r["yaml"]}
                                       for r in app["published"]]}
        m = re.fullmatch(r"/_standin/apps/([^/]+)/runs", path)
        if m and method == "POST":
            app = STATE["apps"].get(m.group(1))
            if app is None or not app["enable_api"]:
                # service_api/wraps.py validate_app_token
                return 403, {"code": "forbidden", "message": "The app's API service has been disabled."}
            if app["workflow_id"] is None:
                return 400, {"code": "invalid_param", "message": "Workflow not published"}
            run_id = str(uuid.uuid4())
            STATE["runs"][run_id] = {"id": run_id, "app_id": app["id"], "workflow_id": app["workflow_id"],
                                     "triggered_from": body.get("triggered_from", "app-run"), "status": "running"}
            return 200, STATE["runs"][run_id]
        m = re.fullmatch(r"/_standin/runs/([^/]+)", path)
        if m and method == "GET":
            run = STATE["runs"].get(m.group(1))
            return (200, run) if run else (404, {"error": "no such run"})
        m = re.fullmatch(r"/_standin/runs/([^/]+)/finish", path)
        if m and method == "POST":
            run = STATE["runs"][m.group(1)]
            run["status"] = body.get("status", "succeeded")
            return 200, run
        if path == "/_standin/faults" and method == "POST":
            STATE["faults"].update(body)
            return 200, STATE["faults"]
        if path == "/_standin/calls" and method == "GET":
            return 200, STATE["calls"]
        return 404, {"error": "no such control"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--current-dsl-version", default="0.6.0")
    parser.add_argument("--password-encoding", choices=["base64", "plain"], default="base64")
    args = parser.parse_args()
    STATE["current_dsl_version"] = args.current_dsl_version
    STATE["password_encoding"] = args.password_encoding
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
