#!/usr/bin/env python3
"""Times Python trafilatura on the same pages parallax's `bench extract` reads:
html/*.html.gz decompressed into memory first, then extracted one by one on
one core. Prints one JSON object, like `parallax bench extract --json`."""
import gzip, json, os, resource, statistics, sys, time

import trafilatura

def main():
    directory, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
    html_dir = os.path.join(directory, "html")
    names = sorted(n for n in os.listdir(html_dir) if n.endswith(".html.gz"))
    pages = [gzip.open(os.path.join(html_dir, n)).read() for n in names]
    rates, per_page = [], []
    for _ in range(runs):
        start = time.perf_counter()
        for page in pages:
            page_start = time.perf_counter()
            trafilatura.extract(page)
            per_page.append((time.perf_counter() - page_start) * 1e3)
        rates.append(len(pages) / (time.perf_counter() - start))
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"system": f"trafilatura {trafilatura.__version__}", "pages": len(pages),
                      "pages_per_second": statistics.median(rates), "median_ms_per_page": statistics.median(per_page),
                      "peak_rss_mib": peak_mib}))

if __name__ == "__main__":
    main()
