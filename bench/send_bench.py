"""Send N invitations from the staff page through a mail server taking 0.2 s a message, and follow the progress.

    python bench/send_bench.py                       # N = 500, 0.2 s a message, `survey-engine run`
    python bench/send_bench.py --size 100 --delay 0.1 --gunicorn

The done-when of issue 16 ("sending 500 invitations through a mail server that takes 0.2 s a message completes
from the staff page with progress shown"). In a fresh instance folder it creates an invite-only survey with N
contacts, serves the engine with nothing else running (the default queue: a SQLite file in the instance folder,
run by the server's own job thread), logs in over HTTP, presses "Send invitations", then reads the survey's page
every few seconds as staff would, printing the progress it shows. It ends by checking that every contact got
exactly one message, and prints how long the staff page's request took, how long the run took, and the rate.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

from job_helpers import HttpClient, Processes, SlowMailServer, environment  # noqa: E402
from invite_helpers import trust_contacts, write_csv  # noqa: E402

from survey_engine.testing import csrf_token  # noqa: E402

PASSWORD = "a long benchmark password"


def command(env, *args):
    subprocess.run([sys.executable, "-m", "survey_engine.cli", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=500)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--gunicorn", action="store_true", help="serve with gunicorn -c gunicorn.conf.py")
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="send-bench-")
    database = f"sqlite:///{os.path.join(folder, 'bench.sqlite3')}"
    processes = Processes()
    with SlowMailServer(delay=options.delay) as mail:
        env = environment(folder, database, **mail.config)
        env.pop("SURVEY_ENGINE_BASE_URL")  # links are made from the staff page's own address
        command(env, "init-db")
        command(env, "surveys", "create", "--slug", "bench", "--questionnaire", "signatory-survey", "--access",
                "invite", "--open")
        command(env, "contacts", "import", "bench",
                write_csv(os.path.join(folder, "contacts.csv"), trust_contacts(options.size, 50)))
        subprocess.run([sys.executable, "-m", "survey_engine.cli", "users", "create", "admin@example.org", "--role",
                        "admin", "--password-stdin"], cwd=ROOT, env=env, input=PASSWORD + "\n", text=True,
                       check=True, stdout=subprocess.DEVNULL)
        try:
            url = processes.server(env, gunicorn=options.gunicorn)
            staff = HttpClient(url)
            login = staff.get("/admin/login")
            assert staff.post("/admin/login", data={"email": "admin@example.org", "password": PASSWORD,
                                                    "csrf_token": csrf_token(login.get_data(True))}).status_code == 302
            page = staff.get("/admin/surveys/bench")
            started = time.perf_counter()
            answer = staff.post("/admin/surveys/bench/invitations/send",
                                data={"kind": "invitation", "csrf_token": csrf_token(page.get_data(True))})
            request_took = time.perf_counter() - started
            assert answer.status_code == 302, answer.status_code
            print(f"POST Send invitations answered {answer.status_code} in {request_took:.2f} s")
            shown = set()
            while True:
                html = staff.get("/admin/surveys/bench").get_data(True)
                progress = re.search(r"(\d+) of (\d+) done", html)
                if progress:
                    shown.add(progress.group(0))
                    print(f"  {time.perf_counter() - started:6.1f} s: the page shows {progress.group(0)}")
                if "Sent " in html and "failed" in html and "Finished" in html:
                    result = re.search(r"Sent (\d+), failed (\d+)\.", html).group(0)
                    break
                if "Failed" in html:
                    raise SystemExit("the job failed: " + html[html.find("job-result"):][:400])
                time.sleep(5)
            took = time.perf_counter() - started
        finally:
            processes.stop()
        received = [r for r, _ in mail.inbox.messages]
    assert len(received) == len(set(received)) == options.size, (len(received), len(set(received)))
    print(f"{result} ({options.size} contacts, {options.delay} s a message): finished in {took:.1f} s, "
          f"{options.size / took:.2f} messages/s (the mail server's floor: {options.size * options.delay:.0f} s); "
          f"progress shown {len(shown)} times; every contact got exactly one message.")


if __name__ == "__main__":
    main()
