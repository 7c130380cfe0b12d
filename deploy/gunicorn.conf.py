"""gunicorn settings for GovHall's web processes (docs/deploy.md).

One file for both kinds of process:
- the API and pages: `gunicorn govhall.wsgi:application -c deploy/gunicorn.conf.py`
  (sync threads; WSGI answers a plain request several times faster than ASGI);
- the display boards' event stream: the same with `--worker-class
  uvicorn_worker.UvicornWorker` on `govhall.asgi:application`, behind the proxy's
  `/api/v1/centers/*/events` location. An open stream holds no database
  connection, so one or two such workers serve hundreds of boards.
Every value can be set from the environment; the command line wins over both.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Threads let a WSGI worker wait on PostgreSQL for one request while serving another.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that runs longer than this is killed: a runaway export must not hold a
# worker. The idempotency key of such a request is freed after
# GOVHALL_IDEMPOTENCY_STALE_SECONDS, so a client's retry is accepted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
# Recycle workers now and then: a slow leak in a library cannot grow for weeks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# The heartbeat file on tmpfs: a worker blocked on a slow disk is not mistaken for dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# nginx on the same host terminates TLS and sets X-Forwarded-For; trust only it.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None  # nginx keeps the access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "warning")
