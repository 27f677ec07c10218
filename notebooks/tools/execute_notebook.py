#!/usr/bin/python3
"""Executes a notebook with nbclient and keeps every output the kernel sends.

Why not `jupyter nbconvert --execute`: the Deno kernel can publish a cell's outputs after it has
reported the cell "idle". Stock nbclient stops listening at idle, so those outputs are dropped
(16 of 120 cell runs in our measurements). This executor keeps reading the cell's IOPub messages
until none has arrived for DRAIN seconds after idle, and counts what came late.

The executed notebook is written without anything time-dependent (no execution timestamps), so
the same inputs give the same file. Parameters reach the kernel as environment variables: the
kernel inherits this process's environment.

Usage:
  execute_notebook.py INPUT OUTPUT [--kernel NAME] [--drain SECONDS] [--timeout SECONDS]
                      [--cwd DIR] [--title TEXT] [--stats FILE]

Exit status: 0 when every cell ran, 1 when a cell failed (its error is printed), 2 for bad usage.
"""
import argparse
import asyncio
import json
import sys
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
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    nb = nbformat.read(args.input, as_version=4)
    cwd = args.cwd or (args.input.rsplit("/", 1)[0] if "/" in args.input else ".")
    options = dict(timeout=args.timeout, record_timing=False, resources={"metadata": {"path": cwd}})
    if args.kernel:
        options["kernel_name"] = args.kernel
    client = DrainingNotebookClient(nb, drain_seconds=args.drain, **options)
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
