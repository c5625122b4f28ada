"""Export backbone + trained neck/head to ONNX with the YOLOv8-style output roadwatch reads, and write the manifest.

Usage: python3 export.py --pretrained PT --checkpoint runs/best.pt --out ../damage [--size 448]
"""
from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

import torch
from torch import nn

from detector import DetectorHead, distances_to_boxes, final_scores, grid_points
from mobilenet_v2 import IMAGENET_MEAN, IMAGENET_STD, load_pretrained_backbone

CLASSES = [
    {"id": "D00", "en": "Longitudinal crack", "da": "Længderevne"},
    {"id": "D10", "en": "Transverse crack", "da": "Tværrevne"},
    {"id": "D20", "en": "Alligator crack", "da": "Krakelering"},
    {"id": "D40", "en": "Pothole", "da": "Slaghul"},
]


class ExportedDetector(nn.Module):
    """RGB float input in 0..1, NCHW; output [B, 4 + C, N] with cx, cy, w, h in input pixels and final scores."""

    def __init__(self, backbone: nn.Module, head: DetectorHead, size: int) -> None:
        super().__init__()
        self.backbone = backbone
        self.head = head
        points, _, _ = grid_points(size)
        self.register_buffer("points", points)
        self.register_buffer("mean", torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(IMAGENET_STD).view(1, 3, 1, 1))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        c3, c4, c5 = self.backbone((images - self.mean) / self.std)
        logits, distances, ctr = self.head(c3, c4, c5)
        boxes = distances_to_boxes(self.points, distances)
        cxcywh = torch.cat([(boxes[..., :2] + boxes[..., 2:]) / 2, boxes[..., 2:] - boxes[..., :2]], -1)
        return torch.cat([cxcywh, final_scores(logits, ctr)], -1).transpose(1, 2)


def git_commit() -> str:
    try:
        return subprocess.check_output(["git", "rev-parse", "HEAD"], text=True, stderr=subprocess.DEVNULL).strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return "uncommitted"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pretrained", required=True)
    parser.add_argument("--checkpoint", help="trained neck/head; without it the head is freshly initialised (for wiring tests only)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--size", type=int, default=448)
    parser.add_argument("--name", default="roadwatch-damage")
    args = parser.parse_args()

    backbone = load_pretrained_backbone(args.pretrained)
    head = DetectorHead(backbone.out_channels, len(CLASSES))
    report: dict = {}
    if args.checkpoint:
        state = torch.load(args.checkpoint, map_location="cpu")
        head.load_state_dict(state["head"])
        if "top" in state:  # the stride-32 stage was fine-tuned with the head
            top_blocks = nn.Sequential(*backbone.features[14:18])
            top_blocks.load_state_dict(state["top"])
        report = state.get("report", {})
    model = ExportedDetector(backbone, head, args.size).eval()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    onnx_path = out / f"{args.name}.onnx"
    dummy = torch.zeros(1, 3, args.size, args.size)
    torch.onnx.export(model, dummy, str(onnx_path), input_names=["images"], output_names=["detections"],
                      dynamic_axes={"images": {0: "batch"}, "detections": {0: "batch"}}, opset_version=13)

    thresholds = report.get("thresholds", {})
    manifest = {
        "name": args.name,
        "version": report.get("version", "0.0.0-untrained"),
        "model": onnx_path.name,
        "task": "detect",
        "input": {
            "name": "images",
            "width": args.size,
            "height": args.size,
            "layout": "NCHW",
            "colorOrder": "RGB",
            "scale": 1 / 255,
            "mean": [0, 0, 0],
            "std": [1, 1, 1],
            "letterbox": {"padValue": 114},
        },
        "output": {"name": "detections", "format": "yolov8", "boxFormat": "cxcywh", "scoresActivated": True},
        "classes": [{**c, "scoreThreshold": thresholds.get(c["id"], 0.3)} for c in CLASSES],
        "nms": {"iouThreshold": 0.5, "maxDetections": 100, "classAgnostic": False},
        "training": {
            "data": "RDD2022 Czech + India pool (CC BY-SA 4.0), own stratified split, see models/train/README.md",
            "commit": git_commit(),
            "recipe": "models/train (prepare.py, cache_features.py, train.py, export.py)",
            **report.get("training", {}),
        },
        "metrics": report.get("metrics", {}),
    }
    (out / f"{args.name}.manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {onnx_path} ({onnx_path.stat().st_size / 1e6:.1f} MB) and manifest")


if __name__ == "__main__":
    main()
