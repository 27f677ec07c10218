#!/usr/bin/python3
"""Executes a notebook with nbclient and keeps every output the kernel sends.

Why not `jupyter nbconvert --execute`: the Deno kernel can publish a cell's outputs after it has
reported the cell "idle". Stock nbclient stops listening at idle, so those outputs are dropped
(16 of 120 cell runs in our measurements). This executor keeps reading the cell's IOPub messages
until none has arrived for DRAIN seconds after idle, and counts what came late.

The executed notebook is written without anything time-dependent (no execution timestamps), so
the same inputs give the same file.

Parameters, the papermill way: with --inject FILE, the file's text becomes a code cell tagged
`injected-parameters`, placed right after the cell tagged `parameters` (an earlier injected cell is
replaced). It redeclares the parameters' consts, so the rest of the notebook runs on its values.

Dies with its parent: when the process that started it goes away (killed, even with SIGKILL), or on
SIGINT, SIGTERM or SIGHUP, it kills its kernel's process group and exits. Otherwise the Deno kernel,
which runs in a session of its own, would keep running.

Usage:
  execute_notebook.py INPUT OUTPUT [--kernel NAME] [--drain SECONDS] [--timeout SECONDS]
                      [--cwd DIR] [--title TEXT] [--stats FILE] [--inject FILE]

Exit status: 0 when every cell ran, 1 when a cell failed (its error is printed), 2 for bad usage
(also: --inject on a notebook without a `parameters` cell), 128 + N when stopped by signal N or
when its parent died (N = SIGTERM).
"""
import argparse
import ctypes
import json
import os
import signal
import sys
import threading
import time
from queue import Empty

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbclient.util import ensure_async


class DrainingNotebookClient(NotebookClient):
    """A NotebookClient that keeps reading a cell's IOPub messages for a while after idle."""

    def __init__(self, *args, drain_seconds=0.3, **kwargs):
        super().__init__(*args, **kwargs)
        self.drain_seconds = drain_seconds
        self.late_outputs = 0
        self.max_late_ms = 0.0

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        # nbclient 0.7 and later call this once per cell and return at the idle status.
        await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        if self.drain_seconds <= 0:
            return
        idle_at = time.monotonic()
        quiet_until = idle_at + self.drain_seconds
        while (remaining := quiet_until - time.monotonic()) > 0:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=remaining))
            except Empty:
                return
            if msg["parent_header"].get("msg_id") != parent_msg_id or msg["msg_type"] == "status":
                continue
            if self.process_message(msg, cell, cell_index) is not None:
                self.late_outputs += 1
                self.max_late_ms = max(self.max_late_ms, (time.monotonic() - idle_at) * 1000)
            # More may follow a late message: wait for a full quiet period again.
            quiet_until = time.monotonic() + self.drain_seconds


PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"


def inject_parameters(nb, source):
    """Puts `source` in a cell tagged injected-parameters right after the parameters cell."""
    tags = lambda cell: cell.get("metadata", {}).get("tags", [])
    nb.cells = [cell for cell in nb.cells if INJECTED_TAG not in tags(cell)]
    index = next((i for i, cell in enumerate(nb.cells) if PARAMETERS_TAG in tags(cell)), None)
    if index is None:
        raise ValueError(f"the notebook has no cell tagged {PARAMETERS_TAG!r} to inject after")
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": [INJECTED_TAG]})
    # A fixed id: nbformat would draw a random one, and the same inputs must give the same file.
    cell.id = INJECTED_TAG
    nb.cells.insert(index + 1, cell)


def kill_kernel(client):
    """Kills the kernel and everything it started: it runs in a process group of its own."""
    provisioner = getattr(client.km, "provisioner", None) if client.km else None
    pgid = getattr(provisioner, "pgid", None)
    process = getattr(provisioner, "process", None)
    try:
        if pgid:
            os.killpg(pgid, signal.SIGKILL)
        elif process:
            process.kill()
    except OSError:
        pass  # already gone
    connection_file = getattr(client.km, "connection_file", None) if client.km else None
    if connection_file:
        try:
            os.remove(connection_file)
        except OSError:
            pass


PR_SET_PDEATHSIG = 1


def die_with_parent(client, poll_seconds=0.5):
    """Stops the kernel and exits on SIGINT, SIGTERM, SIGHUP, or when the parent process dies."""
    parent = os.getppid()

    def stop(reason, status):
        kill_kernel(client)
        print(f"execute_notebook: {reason}; stopped the kernel", file=sys.stderr)
        os._exit(status)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda n, _frame: stop(signal.Signals(n).name, 128 + n))

    def parent_gone():
        return os.getppid() != parent

    # Linux tells a child at once when its parent dies. It also fires when the parent *thread*
    # that started us exits, so the handler checks that the parent really is gone.
    def on_death_signal(_signum, _frame):
        if parent_gone():
            stop("the parent process died", 128 + signal.SIGTERM)

    if sys.platform.startswith("linux"):
        try:
            signal.signal(signal.SIGUSR2, on_death_signal)
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGUSR2), 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the poll below still notices

    def poll():
        while not parent_gone():
            time.sleep(poll_seconds)
        stop("the parent process died", 128 + signal.SIGTERM)

    # Also covers a parent that died before prctl, and platforms without it.
    threading.Thread(target=poll, name="parent-poll", daemon=True).start()


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--kernel", help="kernel name (default: the notebook's kernelspec)")
    parser.add_argument("--drain", type=float, default=0.3,
                        help="seconds of IOPub silence to wait for after idle (0: stock nbclient)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--cwd", help="the kernel's working directory (default: the input's folder)")
    parser.add_argument("--title", help="notebook title for exports (metadata.title)")
    parser.add_argument("--stats", help="write {cells, outputs, late_outputs, max_late_ms} as JSON")
    parser.add_argument("--inject", metavar="FILE",
                        help="code for a cell tagged injected-parameters after the parameters cell")
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    nb = nbformat.read(args.input, as_version=4)
    if args.inject:
        with open(args.inject, encoding="utf-8") as file:
            source = file.read()
        try:
            inject_parameters(nb, source)
        except ValueError as error:
            print(f"execute_notebook: {args.input}: {error}", file=sys.stderr)
            return 2
    cwd = args.cwd or (args.input.rsplit("/", 1)[0] if "/" in args.input else ".")
    options = dict(timeout=args.timeout, record_timing=False, resources={"metadata": {"path": cwd}})
    if args.kernel:
        options["kernel_name"] = args.kernel
    client = DrainingNotebookClient(nb, drain_seconds=args.drain, **options)
    die_with_parent(client)
    try:
        client.execute()
    except CellExecutionError as error:
        print(f"execute_notebook: a cell failed in {args.input}:\n{error}", file=sys.stderr)
        return 1
    if args.title:
        nb.metadata["title"] = args.title
    nbformat.write(nb, args.output)
    code_cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    stats = {
        "cells": len(code_cells),
        "outputs": sum(len(cell.outputs) for cell in code_cells),
        "late_outputs": client.late_outputs,
        "max_late_ms": round(client.max_late_ms, 1),
    }
    if args.stats:
        with open(args.stats, "w", encoding="utf-8") as file:
            json.dump(stats, file)
    print(f"execute_notebook: {stats['cells']} code cells, {stats['outputs']} outputs, "
          f"{stats['late_outputs']} arrived after idle (latest {stats['max_late_ms']} ms)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
