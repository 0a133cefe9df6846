"""The lesson's prose, chapter by chapter, in English and Korean (the seed's register: Korean sentences with
the field's English term beside the Korean word, 셀(cell), 타임스텝(timestep)).

Every number is a ``{placeholder}`` filled from a measurement on the shipped checkpoints (``explorer.lesson``);
a comparison the prose states without a number is one of ``lesson.CLAIMS``, which a test checks.
"""

from __future__ import annotations

UI = {
    "en": {
        "tab": "Lesson",
        "chapter": "Chapter",
        "prev": "◀ Previous",
        "next": "Next ▶",
        "open": "Open in the explorer",
        "print": "Print handout",
        "link": "Link to this chapter",
        "try": "Try it",
        "tf_agrees": "at every step the model's own top choice is the reference piece",
        "tf_diverges": "the first step where they part is step {step}: the reference has “{reference}”, the model "
        "prefers “{top}”",
        "run": "Show",
        "sentence": "Sentence",
        "reference": "Reference (teacher forcing)",
        "unit": "Unit",
        "question": "Question",
        "check": "Check",
        "right": "✓ Right.",  # ✓ ✗, not emoji: a classroom PC without an emoji font drew boxes
        "wrong": "✗ Not quite.",
        "pick": "Pick an answer first.",
        "measured": "Measured live on `{checkpoint}`.",
        "keys": "← / → move between chapters (when the cursor is not in a text box).",
        "read": "encoder read",
        "wrote": "decoder wrote",
        "both_ways": " Its encoder reads **both ways** (bidirectional, as in Bahdanau et al. 2015): "
        "$\\bar h_s = [\\overrightarrow{{h}}_s; \\overleftarrow{{h}}_s]$, "
        "piece s read from the left and from the right.",
    },
    "ko": {
        "tab": "수업",
        "chapter": "장(chapter)",
        "prev": "◀ 이전",
        "next": "다음 ▶",
        "open": "탐색기에서 열기",
        "print": "유인물 인쇄",
        "link": "이 장의 링크",
        "try": "직접 해보기",
        "tf_agrees": "모든 스텝에서 모형 자신의 1순위가 정답 조각과 같다",
        "tf_diverges": "처음 갈라지는 곳은 스텝 {step}이다: 정답은 “{reference}”, 모형은 “{top}” 조각을 더 "
        "그럴듯하게 본다",
        "run": "보기",
        "sentence": "문장",
        "reference": "정답(reference)",
        "unit": "유닛(unit)",
        "question": "질문",
        "check": "확인",
        "right": "✓ 맞았다.",
        "wrong": "✗ 아니다.",
        "pick": "먼저 답을 고르자.",
        "measured": "`{checkpoint}`에서 지금 계산한 값이다.",
        "keys": "← / → 키로 장을 넘긴다 (커서가 입력란에 없을 때).",
        "read": "인코더가 읽은 조각",
        "wrote": "디코더가 쓴 조각",
        "both_ways": " 이 인코더는 **두 방향**으로 읽는다 (양방향, bidirectional; Bahdanau et al. 2015): "
        "$\\bar h_s = [\\overrightarrow{{h}}_s; \\overleftarrow{{h}}_s]$, "
        "조각 s를 왼쪽에서 읽은 값과 오른쪽에서 읽은 값이다.",
    },
}

CHAPTERS = {
    "why": {
        "en": {
            "title": "1. Why seq2seq?",
            "body": "An ordinary feed-forward network (DNN) maps an input of a fixed length to an output of a fixed "
            "length. A translation has neither: we do not know in advance how long the output will be. "
            "**Sequence to sequence** (seq2seq) models read a sequence of any length with an **encoder** and "
            "write a sequence of any length with a **decoder** (Sutskever et al. 2014).\n\n"
            "The models here read and write **pieces** (sentencepiece subwords), not letters or whole words. "
            "A piece that starts a word carries the mark **▁** (a visible space). For the date below the encoder "
            "read **{n_src} pieces**, $x_1, \\dots, x_{{{n_src}}}$; the decoder writes pieces $y_1, y_2, \\dots$ "
            "until it writes the end mark `</s>` (they are beside the figure).",
            "try": "Type your own birthday the way the dates are written here (e.g. *March 3, 2011*) and press Show: "
            "both lengths change, and they need not match.",
            "question": "The encoder read {n_src} pieces. How many pieces did the decoder write before `</s>`?",
            "why": "It wrote {n_tgt}: {pieces}, so $x_1, \\dots, x_{{{n_src}}} \\mapsto y_1, \\dots, "
            "y_{{{n_tgt}}}$. The decoder stops when it writes `</s>`, not after a fixed count.",
        },
        "ko": {
            "title": "1. 왜 seq2seq인가",
            "body": "기존의 DNN(deep neural network)은 고정된 길이의 input과 output에 대해서만 적용이 가능하다. "
            "번역은 둘 다 아니다: output의 길이를 미리 알 수 없다. **seq2seq**(sequence to sequence) 모형은 "
            "**인코더**(encoder)로 길이가 정해지지 않은 sequence를 읽고, **디코더**(decoder)로 길이가 정해지지 "
            "않은 sequence를 쓴다 (Sutskever et al. 2014).\n\n"
            "여기의 모형은 글자나 단어가 아니라 **조각**(piece)(sentencepiece subword)을 읽고 쓴다. 단어를 "
            "시작하는 조각에는 **▁** 표시(보이는 공백)가 붙는다. 아래 날짜에서 인코더는 **{n_src}개의 조각** "
            "($x_1, \\dots, x_{{{n_src}}}$)을 읽었고, 디코더는 끝 표시 `</s>`를 쓸 때까지 조각($y_1, y_2, \\dots$)을 "
            "쓴다 (그림 옆에 있다).",
            "try": "여기 날짜 형식으로 자기 생일을 입력하고(예: *March 3, 2011*) 보기를 누르자: 두 길이가 바뀌고, "
            "서로 같을 필요가 없다.",
            "question": "인코더는 {n_src}개의 조각을 읽었다. 디코더는 `</s>` 전까지 몇 개의 조각을 썼을까?",
            "why": "{n_tgt}개를 썼다: {pieces}. 곧 $x_1, \\dots, x_{{{n_src}}} \\mapsto y_1, \\dots, y_{{{n_tgt}}}$. "
            "디코더는 정해진 개수가 아니라 `</s>`를 쓸 때 멈춘다.",
        },
    },
    "rnn": {
        "en": {
            "title": "2. RNN: the cell, the loop, the timestep",
            "body": "A recurrent network has a **loop**: its **cell** takes the input of **timestep** $t$, "
            "$\\mathbf{{x}}_t$, together with its own previous output $\\mathbf{{h}}_{{t-1}}$, and gives "
            "$\\mathbf{{h}}_t$:\n\n$$\\mathbf{{h}}_t = \\tanh(W \\mathbf{{x}}_t + U \\mathbf{{h}}_{{t-1}} + b)$$\n\n"
            "**Unrolled**, the loop is a chain of copies of one cell: the same $W$, $U$, $b$ at every step. "
            "The heatmap is that chain for `{checkpoint}` (SimpleRNN, {units} units): one column per timestep, "
            "one row per unit, $\\mathbf{{h}}_t \\in [-1, 1]$ (blue −1, red +1). {share_saturated}% of the values "
            "shown are beyond ±{threshold}.",
            "try": "Change the sentence and press Show: the number of columns follows the number of pieces; the "
            "weights do not change.",
            "question": "The encoder read {n_src} pieces. How many different weight matrices $U$ did it use?",
            "why": "One: the unrolled chain has {n_src} copies of the same cell, all with the same $U$ "
            "({units}×{units} numbers).",
        },
        "ko": {
            "title": "2. RNN: cell, loop, timestep",
            "body": "RNN은 **loop**를 가진다: **셀**(cell)은 **타임스텝**(timestep) $t$의 input "
            "$\\mathbf{{x}}_t$와 자기 자신의 이전 output $\\mathbf{{h}}_{{t-1}}$을 함께 받아 $\\mathbf{{h}}_t$를 "
            "낸다:\n\n$$\\mathbf{{h}}_t = \\tanh(W \\mathbf{{x}}_t + U \\mathbf{{h}}_{{t-1}} + b)$$\n\n"
            "loop를 **풀어서**(unrolling) 표현하면 동일한 cell의 연속(복사본)이다: 모든 스텝에서 같은 $W$, $U$, "
            "$b$를 쓴다. 히트맵은 `{checkpoint}`(SimpleRNN, 유닛 {units}개)의 그 chain이다: 열 하나가 "
            "타임스텝 하나, 행 하나가 유닛 하나, $\\mathbf{{h}}_t \\in [-1, 1]$ (파랑 −1, 빨강 +1). 보이는 값의 "
            "{share_saturated}%가 ±{threshold} 바깥에 있다.",
            "try": "문장을 바꾸고 보기를 누르자: 열의 수는 조각의 수를 따라가고, 가중치는 바뀌지 않는다.",
            "question": "인코더는 {n_src}개의 조각을 읽었다. 서로 다른 가중치 행렬 $U$를 몇 개 썼을까?",
            "why": "하나다: 풀어 놓은 chain은 같은 cell의 복사본 {n_src}개이고, 모두 같은 $U$"
            "({units}×{units}개의 수)를 쓴다.",
        },
    },
    "limits": {
        "en": {
            "title": "3. The limits of an RNN",
            "body": "Everything the decoder knows about the source has to pass through the state, step after step. "
            "With one $\\tanh$ and no gate, a SimpleRNN's state is overwritten at every step, and what it read "
            "early fades: the **long-term dependency** problem. The chart shows the test chrF of the three "
            "English→German models without attention by source length. A SimpleRNN's "
            "states also sit at the ends of $\\tanh$: for the sentence below, {share_saturated}% of "
            "`{checkpoint}`'s encoder values are beyond ±{threshold}, where the gradient $1 - \\tanh^2$ is under "
            "{slope}.",
            "try": "Type a longer sentence and press Show: the saturation figure is measured again on it.",
            "question": "On sentences of {bucket} words, which model without attention scores lowest?",
            "why": "{lowest} (chrF {lowest_score}): {ranking}.",
        },
        "ko": {
            "title": "3. RNN의 한계",
            "body": "디코더가 source에 대해 아는 모든 것은 스텝마다 상태(state)를 거쳐야 한다. gate 없이 $\\tanh$ "
            "하나뿐인 SimpleRNN의 상태는 스텝마다 덮어쓰이고, 앞에서 읽은 것은 흐려진다: **장기 의존성**"
            "(long-term dependency) 문제다. 그래프는 attention 없는 영어→독일어 세 모형의 test chrF를 source "
            "길이별로 보여 준다. SimpleRNN의 상태는 $\\tanh$의 양 끝에 몰린다: 아래 문장에서 `{checkpoint}` "
            "인코더 값의 {share_saturated}%가 ±{threshold} 바깥이고, 거기서 기울기(gradient) "
            "$1 - \\tanh^2$는 {slope}보다 작다.",
            "try": "더 긴 문장을 입력하고 보기를 누르자: 포화(saturation) 비율을 그 문장에서 다시 잰다.",
            "question": "{bucket} 단어 문장에서 attention 없는 모형 중 점수가 가장 낮은 것은?",
            "why": "{lowest} (chrF {lowest_score}): {ranking}.",
        },
    },
    "lstm": {
        "en": {
            "title": "4. LSTM: the cell state and three gates",
            "body": "colah's picture of the LSTM: a **cell state** $c_t$ runs along the top of the cell like a "
            "conveyor belt, and three **gates** decide what happens to it:\n\n"
            "$$f_t = \\sigma(W_f x_t + U_f h_{{t-1}} + b_f),\\quad i_t = \\sigma(W_i x_t + U_i h_{{t-1}} + b_i)$$\n"
            "$$o_t = \\sigma(W_o x_t + U_o h_{{t-1}} + b_o),\\quad g_t = \\tanh(W_g x_t + U_g h_{{t-1}} + b_g)$$\n"
            "$$c_t = f_t \\odot c_{{t-1}} + i_t \\odot g_t,\\quad h_t = o_t \\odot \\tanh(c_t)$$\n\n"
            "The **forget** gate $f$ keeps ($\\approx 1$) or drops ($\\approx 0$) the old cell state, the "
            "**input** gate $i$ lets the candidate $g$ in, the **output** gate $o$ decides what of $c_t$ shows "
            "in $h_t$. The figure follows unit {unit} of `{checkpoint}`'s encoder over the date: at the last "
            "piece, $f = {f_last}$, $i = {i_last}$, $o = {o_last}$, $c = {c_last}$.\n\n"
            "**Pinning gates** (an intervention): with $f = 1$ on every encoder unit nothing is ever forgotten: "
            "**{forget_1}** (unpinned: **{original}**); with $f = 0$ nothing survives from one step to the next.",
            "try": "Pick another unit, or type another date, and press Show.",
            "question": "With the forget gate pinned to f = 0 in the encoder, does the year {year} still appear in "
            "the translation?",
            "why": "With f = 0 the translation is **{forget_0}**. Without the cell state, the year — read "
            "last and written first — has to survive in $h$ alone.",
        },
        "ko": {
            "title": "4. LSTM: cell state와 세 개의 gate",
            "body": "colah의 LSTM 그림: **cell state** $c_t$가 컨베이어 벨트처럼 cell 위쪽을 따라 흐르고, 세 개의 "
            "**게이트**(gate)가 그것을 어떻게 할지 정한다:\n\n"
            "$$f_t = \\sigma(W_f x_t + U_f h_{{t-1}} + b_f),\\quad i_t = \\sigma(W_i x_t + U_i h_{{t-1}} + b_i)$$\n"
            "$$o_t = \\sigma(W_o x_t + U_o h_{{t-1}} + b_o),\\quad g_t = \\tanh(W_g x_t + U_g h_{{t-1}} + b_g)$$\n"
            "$$c_t = f_t \\odot c_{{t-1}} + i_t \\odot g_t,\\quad h_t = o_t \\odot \\tanh(c_t)$$\n\n"
            "**forget gate** $f$는 이전 cell state를 남기거나($\\approx 1$) 버리고($\\approx 0$), **input gate** "
            "$i$는 후보(candidate) $g$를 들이며, **output gate** $o$는 $c_t$ 중 무엇을 $h_t$로 내보낼지 정한다. "
            "그림은 `{checkpoint}` 인코더의 유닛 {unit}을(를) 날짜를 따라 보여 준다: 마지막 조각에서 $f = {f_last}$, "
            "$i = {i_last}$, $o = {o_last}$, $c = {c_last}$.\n\n"
            "**gate 고정하기**(intervention): 인코더의 모든 유닛에서 $f = 1$이면 아무것도 잊지 않는다: "
            "**{forget_1}** (고정하지 않으면 **{original}**). $f = 0$이면 한 스텝에서 다음 스텝으로 아무것도 "
            "남지 않는다.",
            "try": "다른 유닛을 고르거나 다른 날짜를 입력하고 보기를 누르자.",
            "question": "인코더의 forget gate를 f = 0으로 고정하면 번역에 연도 {year}(이)가 그대로 나올까?",
            "why": "f = 0일 때 번역은 **{forget_0}**이다. cell state가 없으면, 마지막에 읽고 처음에 써야 하는 "
            "연도가 $h$만으로 살아남아야 한다.",
        },
    },
    "gru": {
        "en": {
            "title": "5. GRU: two gates",
            "body": "The GRU merges the cell state into $h$ and uses two gates, **update** $z$ and **reset** $r$ "
            "(Keras' form, reset after the recurrent product):\n\n"
            "$$z_t = \\sigma(W_z x_t + U_z h_{{t-1}} + b_z),\\quad r_t = \\sigma(W_r x_t + U_r h_{{t-1}} + b_r)$$\n"
            "$$\\tilde h_t = \\tanh(W_h x_t + r_t \\odot (U_h h_{{t-1}} + b_{{rh}}) + b_h),\\quad "
            "h_t = z_t \\odot h_{{t-1}} + (1 - z_t) \\odot \\tilde h_t$$\n\n"
            "Three blocks of weights instead of the LSTM's four. With $z = 1$ on every encoder unit, "
            "$h_t = h_{{t-1}}$: the encoder never changes its state, and the translation becomes **{update_1}** "
            "(unpinned: **{original}**). The figure follows unit {unit} over the date.",
            "try": "Pick another unit, or type another date, and press Show.",
            "question": "At the same size (units, embeddings, vocabulary), which has fewer parameters?",
            "why": "{fewer}: `{checkpoint}` has {params_gru} parameters against {params_lstm} for `{lstm}` — three "
            "weight blocks against four.",
        },
        "ko": {
            "title": "5. GRU: 두 개의 gate",
            "body": "GRU는 cell state를 $h$에 합치고 두 개의 gate, **update gate** $z$와 **reset gate** $r$를 "
            "쓴다 (Keras의 형태, reset을 recurrent 곱 뒤에 적용):\n\n"
            "$$z_t = \\sigma(W_z x_t + U_z h_{{t-1}} + b_z),\\quad r_t = \\sigma(W_r x_t + U_r h_{{t-1}} + b_r)$$\n"
            "$$\\tilde h_t = \\tanh(W_h x_t + r_t \\odot (U_h h_{{t-1}} + b_{{rh}}) + b_h),\\quad "
            "h_t = z_t \\odot h_{{t-1}} + (1 - z_t) \\odot \\tilde h_t$$\n\n"
            "LSTM의 네 덩어리 대신 세 덩어리의 가중치를 쓴다. 인코더의 모든 유닛에서 $z = 1$이면 "
            "$h_t = h_{{t-1}}$: 인코더는 상태를 바꾸지 않고, 번역은 **{update_1}**(이)가 된다 "
            "(고정하지 않으면 **{original}**). 그림은 유닛 {unit}을(를) 날짜를 따라 보여 준다.",
            "try": "다른 유닛을 고르거나 다른 날짜를 입력하고 보기를 누르자.",
            "question": "같은 크기(유닛, 임베딩, 어휘)에서 파라미터가 더 적은 것은?",
            "why": "{fewer}: `{checkpoint}`의 파라미터는 {params_gru}개, `{lstm}`은(는) {params_lstm}개 — "
            "가중치 덩어리 세 개 대 네 개.",
        },
    },
    "encdec": {
        "en": {
            "title": "6. Encoder–decoder: the sentence as one state",
            "body": "Sutskever et al. (2014): an LSTM **encoder** reads the source and its **final state** is the "
            "whole sentence's summary; an LSTM **decoder** starts from that state and writes the translation. "
            "The map shows `{checkpoint}`'s states for the sentence below as paths over the states of its "
            "training sentences (PCA of the state index): sentences that read alike end near each other.\n\n"
            "Sutskever et al. fed the source **reversed**, so the first source words sit close to the first "
            "target words. Here the English→German LSTM without attention was trained twice: `{reversed}` "
            "reversed, `{noreverse}` in order.",
            "try": "Type another date and press Show: where does its path end?",
            "question": "Did reversing the source raise the English→German LSTM's test chrF here?",
            "why": "{answer_text}: test chrF {rev} reversed (`{reversed}`) against {norev} in order (`{noreverse}`).",
        },
        "ko": {
            "title": "6. 인코더–디코더: 문장을 하나의 상태로",
            "body": "Sutskever et al. (2014): LSTM **인코더**(encoder)가 source를 읽고, 그 **마지막 상태**(final "
            "state)가 문장 전체의 요약이 된다. LSTM **디코더**(decoder)는 그 상태에서 시작해 번역을 쓴다. "
            "지도는 아래 문장에 대한 `{checkpoint}`의 상태를 훈련 문장들의 상태(state index의 PCA) 위의 경로로 "
            "보여 준다: 비슷하게 읽히는 문장은 서로 가까이에서 끝난다.\n\n"
            "Sutskever et al.은 source를 **거꾸로**(reversed) 넣어, source의 첫 단어가 target의 첫 단어와 "
            "가까워지게 했다. 여기서는 attention 없는 영어→독일어 LSTM을 두 방식으로 훈련했다: `{reversed}`은(는) "
            "거꾸로, `{noreverse}`은(는) 순서대로.",
            "try": "다른 날짜를 입력하고 보기를 누르자: 그 경로는 어디에서 끝날까?",
            "question": "source를 거꾸로 넣은 것이 여기서 영어→독일어 LSTM의 test chrF를 올렸을까?",
            "why": "{answer_text}: test chrF가 거꾸로 {rev} (`{reversed}`), 순서대로 {norev} (`{noreverse}`).",
        },
    },
    "tf": {
        "en": {
            "title": "7. Teacher forcing",
            "body": "In **training** the decoder is fed the **reference** pieces, whatever it would have said "
            "(**teacher forcing**); the loss is $-\\sum_t \\log p(y_t \\mid y_{{<t}}, x)$. In **translation** "
            "there is no reference: it is fed its own pieces, and one wrong piece early changes every step "
            "after it. The figure shows, for each reference piece, its probability under teacher forcing "
            "next to the model's own top choice. For “{sentence}” with the reference “{reference}”: "
            "log p = {log_p}; {diverge}. The model's own translation: **{own}**",
            "try": "Change the reference (a wrong first word, for instance) and press Show.",
            "question": "Given the reference so far, “{prefix}”, which piece does the model rate most likely next?",
            "why": "“{answer}” with p = {p}. Under teacher forcing the next input is the reference piece "
            "“{reference_piece}” either way.",
        },
        "ko": {
            "title": "7. 티처 포싱(teacher forcing)",
            "body": "**훈련**에서는 모형이 무엇을 말하든 디코더에 **정답**(reference) 조각을 넣는다(**teacher "
            "forcing**). loss는 $-\\sum_t \\log p(y_t \\mid y_{{<t}}, x)$이다. **번역**할 때는 정답이 없다: 자기가 "
            "쓴 조각을 넣고, 앞에서 한 조각이 틀리면 그 뒤의 모든 스텝이 바뀐다. 그림은 정답 조각마다 teacher "
            "forcing에서의 확률과 모형 자신의 1순위를 나란히 보여 준다. “{sentence}”과(와) 정답 “{reference}”: "
            "log p = {log_p}; {diverge}. 모형 자신의 번역: **{own}**",
            "try": "정답을 바꾸고(예를 들어 틀린 첫 단어) 보기를 누르자.",
            "question": "지금까지의 정답 “{prefix}” 다음에 모형이 가장 그럴듯하다고 보는 조각은?",
            "why": "p = {p}(으)로 “{answer}”이다. teacher forcing에서는 어느 쪽이든 다음 입력은 정답 조각 "
            "“{reference_piece}”이다.",
        },
    },
    "attention": {
        "en": {
            "title": "8. Attention: past the bottleneck",
            "body": "One final state is a **bottleneck** for a long sentence. With **attention** the decoder looks "
            "back at every encoder state at every step: $\\alpha_{{t,s}} = \\mathrm{{softmax}}_s(h_t^\\top "
            "\\bar h_s)$, context $c_t = \\sum_s \\alpha_{{t,s}} \\bar h_s$. Korean puts the verb last, so "
            "the matrix of `{checkpoint}` is far from diagonal: the word written last looks back to where the "
            "English sentence put it.{both_ways}",
            "try": "Type another instruction (“Select the cells that you want to delete.”) and press Show.",
            "question": "Which English piece does the last Korean word piece, “{last}”, look at most?",
            "why": "“{looked}”, with weight {weight}.",
        },
        "ko": {
            "title": "8. Attention: 병목을 넘어서",
            "body": "긴 문장에서 마지막 상태 하나는 **병목**(bottleneck)이다. **attention**이 있으면 디코더는 "
            "스텝마다 인코더의 모든 상태를 돌아본다: $\\alpha_{{t,s}} = \\mathrm{{softmax}}_s(h_t^\\top "
            "\\bar h_s)$, context $c_t = \\sum_s \\alpha_{{t,s}} \\bar h_s$. 한국어는 동사가 마지막에 오므로 "
            "`{checkpoint}`의 행렬은 대각선과 거리가 멀다: 마지막에 쓰는 단어는 영어 문장이 그것을 둔 곳을 "
            "돌아본다.{both_ways}",
            "try": "다른 지시문(“Select the cells that you want to delete.”)을 입력하고 보기를 누르자.",
            "question": "마지막 한국어 단어 조각 “{last}”(이)가 가장 많이 보는 영어 조각은?",
            "why": "가중치 {weight}(으)로 “{looked}”이다.",
        },
    },
    "learn": {
        "en": {
            "title": "9. How it learns",
            "body": "Training repeats one step: translate a batch under teacher forcing, measure the loss, move "
            "every weight a little against its gradient. The curve is `{checkpoint}`'s: train and dev loss per "
            "epoch; it kept the weights of the epoch with the lowest dev loss. On the **{train_tab}** tab "
            "the class can watch a fresh model learn the dates in a minute, its gates forming epoch by epoch.",
            "try": "**{open_button}** (above) opens the **{train_tab}** tab: pick a cell and 60 seconds, press "
            "**{train_button}**.",
            "question": "In this curve, at which epoch is the dev loss lowest?",
            "why": "Epoch {best_epoch} ({best_loss}).",
        },
        "ko": {
            "title": "9. 어떻게 배우는가",
            "body": "훈련은 한 스텝의 반복이다: 한 batch를 teacher forcing으로 번역하고, loss를 재고, 모든 "
            "가중치를 gradient의 반대 방향으로 조금 옮긴다. 곡선은 `{checkpoint}`의 epoch별 train과 dev "
            "loss다. dev loss가 가장 낮은 epoch의 가중치를 남겼다. **{train_tab}** 탭에서는 반 "
            "전체가 새 모형이 1분 만에 날짜를 배우고 gate가 epoch마다 자리 잡는 것을 볼 수 있다.",
            "try": "위의 **{open_button}**을(를) 누르면 **{train_tab}** 탭이 열린다: cell과 60초를 고른 뒤 "
            "**{train_button}**을(를) 누르자.",
            "question": "이 곡선에서 dev loss가 가장 낮은 epoch는?",
            "why": "epoch {best_epoch} ({best_loss}).",
        },
    },
}

CHOICES = {  # fixed answer labels of the questions whose choices are words, not measurements
    "en": {"yes": "Yes", "no": "No", "one": "One", "n": "{n}, one per step"},
    "ko": {
        "yes": "예",
        "no": "아니오",
        "one": "하나",
        "n": "{n}개, 스텝마다 하나",
        "fewer": "더 적다",
        "more": "더 많다",
    },
}
