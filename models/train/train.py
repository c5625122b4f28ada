"""Train the neck and head on cached backbone features; evaluate mAP@0.5 on the validation split; keep the best.

Resumable: runs/last.pt holds model, optimiser, schedule and epoch; run the same command again to continue.
With --pretrained, the backbone's stride-32 stage (blocks 14-17) is fine-tuned too, from the cached stride-16 features:
the frozen ImageNet features alone are too generic for cracks.
Usage: python3 train.py --cache cache/ --out runs/ [--epochs 6] [--pretrained PT --init runs-frozen/best.pt]
"""
from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
import torch
from torchvision.ops import batched_nms

from detector import DetectorHead, assign_targets, detection_loss, distances_to_boxes, final_scores, grid_points
from torch import nn

from mobilenet_v2 import MobileNetV2Backbone, load_pretrained_backbone

CLASSES = ["D00", "D10", "D20", "D40"]
SCORE_FLOOR = 0.001
PRE_NMS_TOP_K = 1000
MAX_DETECTIONS = 100
TOP_BLOCKS = slice(14, 18)  # MobileNetV2 blocks after the stride-16 tap: the stride-32 stage
TOP_LR_FACTOR = 0.2


class TrainableDetector(nn.Module):
    """The head, and optionally the backbone's last stage, which then replaces the cached C5."""

    def __init__(self, head: DetectorHead, top: nn.Module | None) -> None:
        super().__init__()
        self.head = head
        self.top = top

    def forward(self, c3: torch.Tensor, c4: torch.Tensor, c5: torch.Tensor | None):
        return self.head(c3, c4, self.top(c4) if self.top is not None else c5)

    def checkpoint(self) -> dict:
        state = {"head": self.head.state_dict()}
        if self.top is not None:
            state["top"] = self.top.state_dict()
        return state


class CachedSplit:
    def __init__(self, cache: Path, subset: str, points, strides, levels) -> None:
        self.maps = [np.load(cache / f"{subset}_c{i}.npy", mmap_mode="r") for i in (3, 4, 5)]
        meta = json.loads((cache / f"{subset}_boxes.json").read_text())
        self.size = meta["size"]
        self.records = meta["records"]
        self.labels, self.targets = [], []
        for r in self.records:
            boxes = torch.tensor([b[1:] for b in r["boxes"]], dtype=torch.float).reshape(-1, 4)
            classes = torch.tensor([b[0] for b in r["boxes"]], dtype=torch.long)
            lab, tgt = assign_targets(boxes, classes, points, strides, levels)
            self.labels.append(lab.to(torch.int8))
            self.targets.append(tgt.to(torch.float16))

    def __len__(self) -> int:
        return len(self.records)

    def batch(self, idx: np.ndarray, with_c5: bool = True):
        order = np.sort(idx)  # memmap reads are faster in file order
        maps = self.maps if with_c5 else self.maps[:2]
        feats: list = [torch.from_numpy(np.asarray(m[order], dtype=np.float32)) for m in maps]
        if not with_c5:
            feats.append(None)
        labels = torch.stack([self.labels[i] for i in order]).long()
        targets = torch.stack([self.targets[i] for i in order]).float()
        return feats, labels, targets, order


def average_precision(scores: np.ndarray, matched: np.ndarray, num_gt: int) -> float:
    """All-point interpolated AP: area under the precision envelope."""
    if num_gt == 0:
        return float("nan")
    if len(scores) == 0:
        return 0.0
    order = np.argsort(-scores, kind="stable")
    tp = matched[order].astype(np.float64)
    cum_tp, cum_fp = np.cumsum(tp), np.cumsum(1 - tp)
    recall = cum_tp / num_gt
    precision = cum_tp / np.maximum(cum_tp + cum_fp, 1e-12)
    mrec = np.concatenate([[0.0], recall, [1.0]])
    mpre = np.concatenate([[1.0], precision, [0.0]])
    for i in range(len(mpre) - 2, -1, -1):
        mpre[i] = max(mpre[i], mpre[i + 1])
    steps = np.where(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[steps + 1] - mrec[steps]) * mpre[steps + 1]))


def box_iou(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    from torchvision.ops import box_iou as tv_box_iou
    return tv_box_iou(a, b)


@torch.no_grad()
def evaluate(model: TrainableDetector, split: CachedSplit, points: torch.Tensor, batch_size: int = 32) -> dict:
    model.eval()
    per_class = {c: {"scores": [], "matched": [], "gt": 0} for c in range(len(CLASSES))}
    for start in range(0, len(split), batch_size):
        idx = np.arange(start, min(start + batch_size, len(split)))
        feats, _, _, order = split.batch(idx, with_c5=model.top is None)
        logits, distances, ctr = model(*feats)
        scores = final_scores(logits, ctr)
        boxes = distances_to_boxes(points[None], distances)
        for b, i in enumerate(order):
            gt = split.records[i]["boxes"]
            gt_boxes = torch.tensor([g[1:] for g in gt], dtype=torch.float).reshape(-1, 4)
            gt_cls = torch.tensor([g[0] for g in gt], dtype=torch.long)
            s, c = scores[b].flatten(), torch.arange(len(CLASSES)).repeat(scores.shape[1])
            keep = s > SCORE_FLOOR
            s, c = s[keep], c[keep]
            bx = boxes[b].repeat_interleave(len(CLASSES), 0)[keep]
            top = s.topk(min(PRE_NMS_TOP_K, len(s))).indices
            s, c, bx = s[top], c[top], bx[top]
            kept = batched_nms(bx, s, c, 0.5)[:MAX_DETECTIONS]
            s, c, bx = s[kept], c[kept], bx[kept]
            for k in range(len(CLASSES)):
                gk = gt_boxes[gt_cls == k]
                per_class[k]["gt"] += len(gk)
                dk = bx[c == k]
                sk = s[c == k]
                matched = np.zeros(len(sk), dtype=bool)
                if len(gk) and len(dk):
                    iou = box_iou(dk, gk)
                    used = torch.zeros(len(gk), dtype=torch.bool)
                    for d in range(len(dk)):  # detections are in descending score order after NMS
                        cand = iou[d].clone()
                        cand[used] = -1
                        best = int(cand.argmax())
                        if cand[best] >= 0.5:
                            used[best] = True
                            matched[d] = True
                per_class[k]["scores"].append(sk.numpy())
                per_class[k]["matched"].append(matched)
    result = {"perClass": {}}
    aps = []
    for k, name in enumerate(CLASSES):
        scores = np.concatenate(per_class[k]["scores"]) if per_class[k]["scores"] else np.zeros(0)
        matched = np.concatenate(per_class[k]["matched"]) if per_class[k]["matched"] else np.zeros(0, dtype=bool)
        gt = per_class[k]["gt"]
        ap = average_precision(scores, matched, gt)
        # threshold that maximises F1 on this split
        order = np.argsort(-scores)
        tp = np.cumsum(matched[order])
        precision = tp / np.arange(1, len(order) + 1)
        recall = tp / max(gt, 1)
        f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
        best = int(np.argmax(f1)) if len(f1) else 0
        result["perClass"][name] = {
            "ap50": ap, "gt": gt,
            "bestF1": float(f1[best]) if len(f1) else 0.0,
            "threshold": float(scores[order][best]) if len(f1) else 0.5,
            "precision": float(precision[best]) if len(f1) else 0.0,
            "recall": float(recall[best]) if len(f1) else 0.0,
        }
        if not math.isnan(ap):
            aps.append(ap)
    result["map50"] = float(np.mean(aps))
    model.train()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--epochs", type=int, default=36)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--eval-every", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pretrained", help="fine-tune the backbone's stride-32 stage, initialised from this TorchScript file")
    parser.add_argument("--init", help="start the head from this checkpoint (e.g. a frozen-backbone run's best.pt)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    cache, out = Path(args.cache), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    size = json.loads((cache / "val_boxes.json").read_text())["size"]
    points, strides, levels = grid_points(size)
    t0 = time.time()
    train = CachedSplit(cache, "train", points, strides, levels)
    val = CachedSplit(cache, "val", points, strides, levels)
    print(f"loaded {len(train)} train / {len(val)} val in {time.time() - t0:.0f}s", flush=True)

    top = nn.Sequential(*load_pretrained_backbone(args.pretrained).features[TOP_BLOCKS]) if args.pretrained else None
    model = TrainableDetector(DetectorHead(MobileNetV2Backbone.out_channels, len(CLASSES)), top)
    if args.init:
        model.head.load_state_dict(torch.load(args.init, map_location="cpu")["head"])
    groups = [{"params": model.head.parameters(), "lr": args.lr}]
    if top is not None:
        groups.append({"params": top.parameters(), "lr": args.lr * TOP_LR_FACTOR})
    optimiser = torch.optim.AdamW(groups, weight_decay=5e-4)
    steps_per_epoch = math.ceil(len(train) / args.batch)
    total_steps = steps_per_epoch * args.epochs
    warmup = steps_per_epoch // 2
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * min(s, total_steps) / total_steps)))
    epoch, best_map = 0, -1.0
    history: list[dict] = []
    if (out / "last.pt").exists():
        state = torch.load(out / "last.pt", map_location="cpu")
        model.head.load_state_dict(state["head"])
        if top is not None:
            top.load_state_dict(state["top"])
        optimiser.load_state_dict(state["optimiser"])
        schedule.load_state_dict(state["schedule"])
        epoch, best_map, history = state["epoch"], state["bestMap"], state["history"]
        print(f"resumed at epoch {epoch}, best mAP {best_map:.3f}", flush=True)

    rng = np.random.default_rng(epoch)
    while epoch < args.epochs:
        started = time.time()
        totals = np.zeros(3)
        perm = rng.permutation(len(train))
        for step in range(steps_per_epoch):
            feats, labels, targets, _ = train.batch(perm[step * args.batch:(step + 1) * args.batch], with_c5=top is None)
            outputs = model(*feats)
            cls_loss, box_loss, ctr_loss = detection_loss(outputs, labels, targets, points, len(CLASSES))
            loss = cls_loss + 2.0 * box_loss + ctr_loss
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
            optimiser.step()
            schedule.step()
            totals += [cls_loss.item(), box_loss.item(), ctr_loss.item()]
        epoch += 1
        entry = {"epoch": epoch, "loss": (totals / steps_per_epoch).round(4).tolist(), "seconds": round(time.time() - started)}
        if epoch % args.eval_every == 0 or epoch == args.epochs:
            metrics = evaluate(model, val, points)
            entry["map50"] = round(metrics["map50"], 4)
            entry["ap50"] = {k: round(v["ap50"], 4) for k, v in metrics["perClass"].items()}
            if metrics["map50"] > best_map:
                best_map = metrics["map50"]
                report = {
                    "version": f"1.0.{epoch}",
                    "thresholds": {k: round(max(v["threshold"], 0.05), 3) for k, v in metrics["perClass"].items()},
                    "metrics": {"split": "own validation split (models/train/prepare.py)", "map50": round(best_map, 4),
                                "perClass": metrics["perClass"], "epoch": epoch},
                    "training": {"epochs": epoch, "inputSize": size, "trainImages": len(train), "valImages": len(val)},
                }
                torch.save({**model.checkpoint(), "report": report}, out / "best.pt")
        history.append(entry)
        print(json.dumps(entry), flush=True)
        torch.save({**model.checkpoint(), "optimiser": optimiser.state_dict(), "schedule": schedule.state_dict(),
                    "epoch": epoch, "bestMap": best_map, "history": history}, out / "last.pt")
    (out / "history.json").write_text(json.dumps(history, indent=1))
    print(f"finished: best mAP@0.5 {best_map:.4f}", flush=True)


if __name__ == "__main__":
    main()
