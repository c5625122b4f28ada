"""Split the RDD2022 pool into train and validation sets, stratified by class, without near-duplicate leakage.

RDD frames are numbered in capture order, so neighbouring numbers are usually the same street seconds apart.
Images are grouped into blocks of consecutive numbers and whole blocks go to one side; afterwards any training image
whose perceptual hash is within a few bits of a validation image is dropped from training.

Usage: python3 prepare.py --pool ../../../shared/datasets/rdd2022 --out split.json
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

import numpy as np
from PIL import Image

CLASSES = ["D00", "D10", "D20", "D40"]
BLOCK_SIZE = 40  # consecutive image numbers that stay on one side of the split
NEAR_DUPLICATE_BITS = 4


def difference_hash(path: Path) -> int:
    gray = np.asarray(Image.open(path).convert("L").resize((9, 8), Image.BILINEAR), dtype=np.int16)
    bits = (gray[:, 1:] > gray[:, :-1]).flatten()
    return int("".join("1" if b else "0" for b in bits), 2)


def read_labels(path: Path) -> list[list[float]]:
    rows = []
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 5:
            rows.append([float(p) for p in parts])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pool", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--val-fraction", type=float, default=0.15)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--sets", nargs="+", default=["czech", "india"], help="folders of the pool with images/ and labels/")
    args = parser.parse_args()
    pool = Path(args.pool)
    rng = random.Random(args.seed)

    groups: dict[str, list[dict]] = {}
    for country in args.sets:
        images = sorted((pool / country / "images").glob("*.jpg"), key=lambda p: int(re.findall(r"\d+", p.stem)[-1]))
        for image in images:
            number = int(re.findall(r"\d+", image.stem)[-1])
            labels = read_labels(pool / country / "labels" / f"{image.stem}.txt")
            item = {"image": f"{country}/images/{image.name}", "country": country, "labels": labels}
            groups.setdefault(f"{country}-{number // BLOCK_SIZE}", []).append(item)

    totals = np.zeros(len(CLASSES) + 1)
    def counts(items: list[dict]) -> np.ndarray:
        c = np.zeros(len(CLASSES) + 1)
        for it in items:
            for row in it["labels"]:
                c[int(row[0])] += 1
            if not it["labels"]:
                c[-1] += 1
        return c
    for items in groups.values():
        totals += counts(items)

    # greedy: add whole blocks to validation where they most reduce the distance to the target share
    names = list(groups)
    rng.shuffle(names)
    target = totals * args.val_fraction
    val_counts = np.zeros_like(totals)
    val_names: set[str] = set()
    for name in names:
        c = counts(groups[name])
        before = np.abs(val_counts - target).sum()
        after = np.abs(val_counts + c - target).sum()
        if after < before:
            val_names.add(name)
            val_counts += c

    val = [it for n in val_names for it in groups[n]]
    train = [it for n in names if n not in val_names for it in groups[n]]
    val_hashes = [difference_hash(pool / it["image"]) for it in val]
    kept, dropped = [], 0
    for it in train:
        h = difference_hash(pool / it["image"])
        if any(bin(h ^ v).count("1") <= NEAR_DUPLICATE_BITS for v in val_hashes):
            dropped += 1
        else:
            kept.append(it)

    summary = {
        "seed": args.seed,
        "blockSize": BLOCK_SIZE,
        "nearDuplicateBits": NEAR_DUPLICATE_BITS,
        "trainImages": len(kept),
        "valImages": len(val),
        "droppedNearDuplicates": dropped,
        "trainInstances": dict(zip(CLASSES + ["empty"], counts(kept).astype(int).tolist())),
        "valInstances": dict(zip(CLASSES + ["empty"], counts(val).astype(int).tolist())),
    }
    Path(args.out).write_text(json.dumps({"summary": summary, "train": kept, "val": val}))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
