"""Background work: the outbox of jobs writes ask for, and the Celery tasks that run them.

- ``registry``: every kind of job by name (handler, queue, lease, retries);
- ``outbox``: ``enqueue`` records a job in the writer's transaction, ``dispatch`` hands it
  to the broker after the commit, ``drain`` hands over what the broker may not have;
- ``runner``: claims a job, runs its handler, records the outcome (retries, failures);
- ``tasks`` and ``periodic``: the Celery tasks (a job by id; the drain and the sweeps).
"""
