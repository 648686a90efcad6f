"""Drives a running Nimbus with exoscale's `cs` client (Python API and command line), as a CloudStack user would.

Usage: cs_check.py BASE_URL   (e.g. http://127.0.0.1:8080)
With INTEGRATION_URL set (the server's --integration-port), also calls it without any key, as Marvin does.
"""

import json
import os
import subprocess
import sys
import time

import requests
from cs import CloudStack, CloudStackApiException

ADMIN, PASSWORD = "admin", "password"
checks = 0


def ok(what):
    global checks
    checks += 1
    print(f"ok {checks} - {what}")


def fail(what):
    print(f"not ok - {what}", file=sys.stderr)
    sys.exit(1)


def expect(cond, what):
    if not cond:
        fail(what)
    ok(what)


def login_and_register_keys(endpoint):
    """Session login over HTTP POST, then registerUserKeys for the admin on that session."""
    http = requests.Session()
    r = http.post(
        endpoint,
        data={"command": "login", "username": ADMIN, "password": PASSWORD, "response": "json"},
        timeout=10,
    )
    expect(r.status_code == 200, f"login as {ADMIN} over POST answers 200 (got {r.status_code})")
    login = r.json()["loginresponse"]
    expect(login.get("sessionkey") and login.get("userid"), "login returns sessionkey and userid")
    r = http.get(
        endpoint,
        params={
            "command": "registerUserKeys",
            "id": login["userid"],
            "response": "json",
            "sessionkey": login["sessionkey"],
        },
        timeout=10,
    )
    expect(r.status_code == 200, f"registerUserKeys on the session answers 200 (got {r.status_code})")
    keys = r.json()["registeruserkeysresponse"]["userkeys"]
    expect(keys.get("apikey") and keys.get("secretkey"), "registerUserKeys returns apikey and secretkey")
    return login["userid"], keys["apikey"], keys["secretkey"]


def call_if_listed(api, listed, command, check, **params):
    """Calls `command`; when listApis does not list it, the only acceptable answer is a CloudStack error."""
    if command in listed:
        check(getattr(api, command)(**params))
        return True
    try:
        getattr(api, command)(**params)
    except CloudStackApiException as e:
        expect(
            isinstance(e.error, dict) and "errorcode" in e.error,
            f"{command} is not listed by listApis and is refused with a CloudStack error ({e.error})",
        )
        return False
    fail(f"{command} is not listed by listApis but succeeded")
    return False


def check_python_api(endpoint, admin_id, key, secret):
    api = CloudStack(endpoint=endpoint, key=key, secret=secret, poll_interval=0.2, job_timeout=60)

    apis = api.listApis()
    listed = {a["name"] for a in apis.get("api", [])}
    expect(apis.get("count") == len(listed) > 0, f"listApis lists {len(listed)} commands with a matching count")
    for must in ("listApis", "listUsers", "registerUserKeys", "disableUser", "queryAsyncJobResult"):
        expect(must in listed, f"listApis lists {must}")
    one = api.listApis(name="listUsers")["api"]
    expect(len(one) == 1 and one[0]["params"], "listApis name=listUsers describes its parameters")

    users = api.listUsers()["user"]
    admin = [u for u in users if u["id"] == admin_id]
    expect(admin and admin[0]["username"] == ADMIN, "listUsers (GET, signatureVersion 3) finds the admin")
    expect(admin[0].get("apikey") == key, "listUsers reports the admin's new apikey")

    # Same call signed the classic way (no signatureVersion/expires) and sent as a POST form.
    legacy = CloudStack(endpoint=endpoint, key=key, secret=secret, expiration=-1)
    expect(any(u["id"] == admin_id for u in legacy.listUsers()["user"]), "listUsers signed without expires")
    post = CloudStack(endpoint=endpoint, key=key, secret=secret, method="post")
    expect(any(u["id"] == admin_id for u in post.listUsers(username=ADMIN)["user"]), "listUsers as POST")

    # A wrong secret is refused with CloudStack's 401.
    try:
        CloudStack(endpoint=endpoint, key=key, secret="wrong" + secret).listUsers()
        fail("a wrong secret was accepted")
    except CloudStackApiException as e:
        expect(e.response.status_code == 401 and e.error.get("errorcode") == 401, "a bad signature gets 401")

    call_if_listed(
        api,
        listed,
        "listAccounts",
        lambda r: expect(
            any(a.get("name") == ADMIN for a in r.get("account", [])), "listAccounts includes the admin account"
        ),
    )
    suffix = str(int(time.time() * 1000))
    created = {}

    def check_created(r):
        account = r.get("account", r)
        created["account"] = account
        expect(account.get("name") == f"compat{suffix}", f"createAccount made compat{suffix}")

    call_if_listed(
        api,
        listed,
        "createAccount",
        check_created,
        accounttype=0,
        account=f"compat{suffix}",
        username=f"compat{suffix}",
        password="Compat-pw-1",
        email=f"compat{suffix}@example.org",
        firstname="Compat",
        lastname="Check",
    )

    # Async: cs polls queryAsyncJobResult itself. Disabling oneself is a job that fails with 431.
    try:
        api.disableUser(id=admin_id, fetch_result=True)
        fail("disableUser on oneself succeeded")
    except CloudStackApiException as e:
        expect(
            e.args[0] == "Job failure" and e.error.get("errorcode") == 431,
            f"disableUser on oneself: cs polled the job to a failure with 431 ({e.error})",
        )
    jobid = api.disableUser(id=admin_id)["jobid"]
    for _ in range(100):
        job = api.queryAsyncJobResult(jobid=jobid)
        if job["jobstatus"] != 0:
            break
        time.sleep(0.1)
    expect(job["jobstatus"] == 2 and job["jobresultcode"] == 431, "queryAsyncJobResult reports jobstatus 2, 431")

    created_users = created.get("account", {}).get("user") or []
    if created_users:
        done = api.disableUser(id=created_users[0]["id"], fetch_result=True)
        expect(done["user"]["state"].lower() == "disabled", "disableUser on a new user completes as a job")
    return listed


def check_command_line(endpoint, key, secret, admin_id):
    cs_bin = os.path.join(os.path.dirname(sys.executable), "cs")
    env = dict(
        os.environ, CLOUDSTACK_ENDPOINT=endpoint, CLOUDSTACK_KEY=key, CLOUDSTACK_SECRET=secret,
        CLOUDSTACK_POLL_INTERVAL="0.2",
    )
    env.pop("CLOUDSTACK_CONFIG", None)
    run = subprocess.run([cs_bin, "listUsers"], env=env, capture_output=True, text=True, timeout=60)
    expect(run.returncode == 0, "`cs listUsers` exits 0" + (f": {run.stderr.strip()}" if run.returncode else ""))
    out = json.loads(run.stdout)
    expect(any(u["id"] == admin_id for u in out.get("user", [])), "`cs listUsers` prints JSON with the admin")
    run = subprocess.run(
        [cs_bin, "disableUser", f"id={admin_id}"], env=env, capture_output=True, text=True, timeout=60
    )
    expect(run.returncode != 0, "`cs disableUser` on oneself exits non-zero")
    out = json.loads(run.stdout)
    result = out.get("queryasyncjobresultresponse", {})
    expect(result.get("jobstatus") == 2, "`cs disableUser` prints the failed job")


def check_integration_port(url, admin_id):
    api = CloudStack(endpoint=url.rstrip("/") + "/client/api")
    users = api.listUsers()["user"]
    expect(any(u["id"] == admin_id for u in users), f"integration port {url}: listUsers without a key")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    endpoint = sys.argv[1].rstrip("/") + "/client/api"
    admin_id, key, secret = login_and_register_keys(endpoint)
    check_python_api(endpoint, admin_id, key, secret)
    check_command_line(endpoint, key, secret, admin_id)
    if os.environ.get("INTEGRATION_URL"):
        check_integration_port(os.environ["INTEGRATION_URL"], admin_id)
    print(f"cs compatibility: {checks} checks passed against {endpoint}")


if __name__ == "__main__":
    main()
