"""Run the frozen backbone once over every (augmented) training image and store C3/C4/C5 as float16 memmaps.

Each training image is stored in several variants (original, flipped with photometric changes, re-scaled
with a random crop or zoom-out); validation images once, unchanged. Usage:
  python3 cache_features.py --pool DIR --split split.json --out cache/ [--size 448]
"""
from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageEnhance, ImageFilter

from mobilenet_v2 import IMAGENET_MEAN, IMAGENET_STD, load_pretrained_backbone

PAD_GREY = (114, 114, 114)
MIN_KEPT_AREA = 0.4  # a box cut by a crop survives if this share of it stays in view


def yolo_to_corners(labels: list[list[float]], width: int, height: int) -> list[list[float]]:
    return [[c, (cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height]
            for c, cx, cy, w, h in labels]


def photometric(image: Image.Image, rng: random.Random) -> Image.Image:
    image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.65, 1.35))
    image = ImageEnhance.Contrast(image).enhance(rng.uniform(0.7, 1.3))
    image = ImageEnhance.Color(image).enhance(rng.uniform(0.6, 1.4))
    if rng.random() < 0.35:
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.6)))
    return image


def hflip(image: Image.Image, boxes: list[list[float]]) -> tuple[Image.Image, list[list[float]]]:
    w = image.width
    return image.transpose(Image.FLIP_LEFT_RIGHT), [[c, w - x2, y1, w - x1, y2] for c, x1, y1, x2, y2 in boxes]


def rescale(image: Image.Image, boxes: list[list[float]], rng: random.Random):
    """Zoom in (crop a square window) or out (shrink onto a grey canvas): damage seen nearer or farther."""
    w, h = image.size
    if rng.random() < 0.5:
        side = rng.uniform(0.6, 0.9) * min(w, h)
        x0, y0 = rng.uniform(0, w - side), rng.uniform(0, h - side)
        cropped = image.crop((round(x0), round(y0), round(x0 + side), round(y0 + side)))
        kept = []
        for c, x1, y1, x2, y2 in boxes:
            nx1, ny1 = max(x1 - x0, 0), max(y1 - y0, 0)
            nx2, ny2 = min(x2 - x0, side), min(y2 - y0, side)
            if nx2 <= nx1 or ny2 <= ny1:
                continue
            if (nx2 - nx1) * (ny2 - ny1) >= MIN_KEPT_AREA * (x2 - x1) * (y2 - y1):
                kept.append([c, nx1, ny1, nx2, ny2])
        return cropped, kept
    scale = rng.uniform(0.6, 0.9)
    canvas = Image.new("RGB", (w, h), PAD_GREY)
    nw, nh = round(w * scale), round(h * scale)
    ox, oy = rng.randint(0, w - nw), rng.randint(0, h - nh)
    canvas.paste(image.resize((nw, nh), Image.BILINEAR), (ox, oy))
    return canvas, [[c, x1 * scale + ox, y1 * scale + oy, x2 * scale + ox, y2 * scale + oy] for c, x1, y1, x2, y2 in boxes]


def variant(image: Image.Image, boxes: list[list[float]], kind: int, rng: random.Random):
    if kind == 1:
        image, boxes = hflip(photometric(image, rng), boxes)
    elif kind == 2:
        image, boxes = rescale(image, boxes, rng)
        image = photometric(image, rng)
        if rng.random() < 0.5:
            image, boxes = hflip(image, boxes)
    return image, boxes


def to_tensor(image: Image.Image, size: int) -> torch.Tensor:
    array = np.asarray(image.resize((size, size), Image.BILINEAR), dtype=np.float32) / 255.0
    array = (array - np.array(IMAGENET_MEAN, dtype=np.float32)) / np.array(IMAGENET_STD, dtype=np.float32)
    return torch.from_numpy(array).permute(2, 0, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pool", required=True)
    parser.add_argument("--split", required=True)
    parser.add_argument("--pretrained", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--size", type=int, default=448)
    parser.add_argument("--train-variants", type=int, default=3)
    parser.add_argument("--batch", type=int, default=16)
    args = parser.parse_args()
    torch.set_num_threads(2)
    split = json.loads(Path(args.split).read_text())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    backbone = load_pretrained_backbone(args.pretrained).eval()
    pool = Path(args.pool)

    for subset, variants in (("val", 1), ("train", args.train_variants)):
        jobs = [(item, k) for k in range(variants) for item in split[subset]]
        n = len(jobs)
        shapes = [(n, c, args.size // s, args.size // s) for c, s in zip(backbone.out_channels, (8, 16, 32))]
        maps = [np.lib.format.open_memmap(out / f"{subset}_c{i + 3}.npy", mode="w+", dtype=np.float16, shape=shape)
                for i, shape in enumerate(shapes)]
        records = []
        rng = random.Random(7)
        started = time.time()
        for start in range(0, n, args.batch):
            batch, batch_boxes = [], []
            for item, kind in jobs[start:start + args.batch]:
                image = Image.open(pool / item["image"]).convert("RGB")
                boxes = yolo_to_corners(item["labels"], image.width, image.height)
                image, boxes = variant(image, boxes, kind, rng)
                sx, sy = args.size / image.width, args.size / image.height
                batch.append(to_tensor(image, args.size))
                batch_boxes.append([[int(c), x1 * sx, y1 * sy, x2 * sx, y2 * sy] for c, x1, y1, x2, y2 in boxes])
                records.append({"image": item["image"], "variant": kind})
            with torch.no_grad():
                feats = backbone(torch.stack(batch))
            for m, f in zip(maps, feats):
                m[start:start + len(batch)] = f.numpy().astype(np.float16)
            for r, b in zip(records[start:], batch_boxes):
                r["boxes"] = b
            done = start + len(batch)
            if (start // args.batch) % 20 == 0:
                rate = done / (time.time() - started)
                print(f"{subset} {done}/{n} {rate:.1f} img/s eta {(n - done) / rate / 60:.1f} min", flush=True)
        for m in maps:
            m.flush()
        (out / f"{subset}_boxes.json").write_text(json.dumps({"size": args.size, "records": records}))
    print("done", flush=True)


if __name__ == "__main__":
    main()
