#!/usr/bin/env python3
"""Writes README.md's benchmark section and docs/images/bench-filters.png from a
weightatlas-bench JSON (`weightatlas-bench --sweep --json FILE`).

The section is the text between <!-- bench:start --> and <!-- bench:end --> in README.md;
everything else is left as it is. The plot (matplotlib) is end-to-end time against the
number of filters for the CPU and OpenCL backends and both numpy + Pillow baselines.
Usage: python3 Benchmarks/make_readme_section.py RESULTS.json [README.md] [PLOT.png]
"""
import json
import os
import sys

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def ms(entry):
    """'median ± spread' in ms of a {median, spread, samples} entry, or '–'."""
    if not entry or not entry.get("samples"):
        return "–"
    digits = 2 if entry["median"] < 0.01 else 1
    if len(entry["samples"]) == 1:
        return f"{entry['median'] * 1e3:.{digits}f}"
    return f"{entry['median'] * 1e3:.{digits}f} ± {entry['spread'] * 1e3:.{digits}f}"


def transfer(stages):
    parts = [stages[k] for k in ("backend upload", "backend download") if k in stages]
    if not parts:
        return None
    n = min(len(p["samples"]) for p in parts)
    values = sorted(sum(p["samples"][i] for p in parts) for i in range(n))
    mid = values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2
    return {"median": mid, "spread": values[-1] - values[0], "samples": values}


def section(doc, plot_path):
    machine = doc["machine"]
    lines = [
        f"`make bench` runs `weightatlas-bench --sweep --json …` and regenerates this section and the plot "
        f"from the JSON with `Benchmarks/make_readme_section.py` (do not edit by hand). "
        f"This run: {doc['date'][:10]}, **{machine['cpu']}, {machine['cores']} cores** (shared: load "
        f"{doc['load']['before']} before, {doc['load']['after']} after), {doc['repeat']} repeats, "
        f"median ± spread (max − min) in ms.",
        "",
        f"- OpenCL: {machine['backends'].get('opencl', 'not available')}",
        f"- GPU: {machine['gpu']}",
        "",
        "End to end is `weightatlas render FILE -o DIR` as a child process (start to exit, the whole "
        "process: read, reduce, rescale, tile, PNG, manifest and viewer page); peak RSS is the child's own "
        "VmHWM. Stages are timed in process, each alone over the whole tensor; `render` is `AtlasRun` in "
        "process, where encoding overlaps compute.",
        "",
        "| scenario | backend | read/convert | reduce | rescale+tile | reduce+rescale+tile (one pass) | transfer | PNG encode | end to end | MB/s | peak RSS MiB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in doc["scenarios"]:
        for name, run in sorted(s["backends"].items()):
            st = run["stages_seconds"]
            rss = run["peak_rss_bytes"]["median"] / 1048576 if run["peak_rss_bytes"]["samples"] else float("nan")
            lines.append(f"| {s['id']}: {s['title']} | {name} | {ms(st.get('read/convert'))} | {ms(st.get('reduce'))} | "
                         f"{ms(st.get('rescale+tile'))} | {ms(st.get('reduce+rescale+tile'))} | {ms(transfer(st))} | "
                         f"{ms(st.get('png encode'))} | **{ms(run['end_to_end_seconds'])}** | "
                         f"{run['bytes_per_second'] / 1e6:.0f} | {rss:.0f} |")
    lines += ["", "| scenario | baseline (numpy + Pillow) | read | compute | Pillow save | total | baseline / WeightAtlas CPU | baseline / WeightAtlas OpenCL |",
              "|---|---|---:|---:|---:|---:|---:|---:|"]
    for s in doc["scenarios"]:
        for name, b in sorted(s["baselines"].items()):
            st = b["stages_seconds"]
            r = s["ratios"]
            cpu = r.get(f"{name}_over_cpu_time")
            gpu = r.get(f"{name}_over_opencl_time")
            lines.append(f"| {s['id']} | {name} | {ms(st['read'])} | {ms(st['compute'])} | {ms(st['encode'])} | {ms(st['total'])} | "
                         f"{'%.1f×' % cpu if cpu else '–'} | {'%.1f×' % gpu if gpu else '–'} |")
    if not doc.get("baselines_available", True):
        lines += ["", f"Baselines not run: {doc.get('baselines_missing', '')}"]
    ratios = [f"{s['id']} {s['ratios']['cpu_over_opencl_time']:.2f}" for s in doc["scenarios"] if "cpu_over_opencl_time" in s["ratios"]]
    if ratios:
        lines += ["", "CPU / OpenCL end-to-end time (below 1: the CPU backend is faster; OpenCL here is PoCL on the same "
                  "2 cores): " + ", ".join(ratios) + "."]
    if "encoder" in doc:
        e = doc["encoder"]
        text = (f"Encoder (default preset, the (b) mosaic {e['width']}×{e['height']}×{e['channels']}): 1 worker "
                f"{ms(e['one_worker_seconds'])} ms, 2 workers {ms(e['two_workers_seconds'])} ms "
                f"({e.get('worker_speed_up', e['speed_up']):.2f}×, the process free to use both cores)")
        if "one_core_seconds" in e:
            text += (f"; pinned to 1 core {ms(e['one_core_seconds'])} ms, to 2 cores {ms(e['two_cores_seconds'])} ms, "
                     f"speed-up {e['speed_up']:.2f}×")
        if "pillow" in e:
            text += (f"; Pillow's default save of the same pixels {e['pillow']['seconds'] * 1e3:.0f} ms, "
                     f"{e['pillow']['png_bytes']} bytes against our {e['png_bytes']}")
        lines += ["", text + "."]
    lines += ["", "Targets of issue 7, judged by the bench from this run:", ""]
    for t in doc["targets"]:
        lines.append(f"- {'met' if t['met'] else '**missed**'}: {t['name']}: {t['value']:.2f}{t['unit']} "
                     f"(target {'≥' if t['at_least'] else '≤'} {t['target']:g}{t['unit']}; {t['detail']})")
    if doc.get("sweep"):
        lines += ["", f"![End-to-end time against the number of 3×11×11 filters]({plot_path})"]
    return "\n".join(lines)


def plot(doc, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    points = doc["sweep"]
    counts = [p["elements"] // 363 for p in points]
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
    series = [("WeightAtlas CPU", lambda p: p["backends"].get("cpu", {}).get("end_to_end_seconds")),
              ("WeightAtlas OpenCL (PoCL)", lambda p: p["backends"].get("opencl", {}).get("end_to_end_seconds")),
              ("CS231n visualize_grid + Pillow", lambda p: p["baselines"].get("cs231n", {}).get("stages_seconds", {}).get("total")),
              ("vectorised numpy + Pillow", lambda p: p["baselines"].get("vectorised", {}).get("stages_seconds", {}).get("total"))]
    for (label, get), marker in zip(series, "osD^"):
        xs, ys, lo, hi = [], [], [], []
        for count, p in zip(counts, points):
            entry = get(p)
            if entry and entry.get("samples"):
                xs.append(count)
                ys.append(entry["median"])
                lo.append(entry["median"] - min(entry["samples"]))
                hi.append(max(entry["samples"]) - entry["median"])
        if xs:
            ax.errorbar(xs, ys, yerr=[lo, hi], marker=marker, capsize=3, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("filters (3×11×11 f32)")
    ax.set_ylabel("end to end, seconds (median; bars: min–max)")
    ax.set_title(f"{doc['machine']['cpu']}, {doc['machine']['cores']} cores, {doc['date'][:10]}")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)


def main():
    results = sys.argv[1]
    readme = sys.argv[2] if len(sys.argv) > 2 else "README.md"
    plot_path = sys.argv[3] if len(sys.argv) > 3 else "docs/images/bench-filters.png"
    with open(results) as f:
        doc = json.load(f)
    if doc.get("sweep"):
        plot(doc, plot_path)
    with open(readme) as f:
        text = f.read()
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    source = os.path.relpath(results, os.path.dirname(os.path.abspath(readme)) or ".")
    body = section(doc, os.path.relpath(plot_path, os.path.dirname(os.path.abspath(readme)) or "."))
    body += f"\n\nSource: [`{source}`]({source})."
    with open(readme, "w") as f:
        f.write(before + START + "\n" + body + "\n" + END + after)


if __name__ == "__main__":
    main()
