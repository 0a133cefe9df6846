"""Every sentence the page shows, in English and Korean (the page follows the browser's language).

Korean terms follow the Korean classroom: 셀 (cell), 은닉 상태 (hidden state), 게이트 (gate), teacher forcing.
The cells' equations come from their specs (``seq2seq.cells``).
"""

from seq2seq.cells import CELLS

RNN, LSTM, GRU = (f"${CELLS[c].equations}$" for c in ("rnn", "lstm", "gru"))

EN = {
    "title": "# Seq2Seq Explorer\nType a sentence, pick RNN / LSTM / GRU encoder–decoders trained with Keras, "
    "and watch every state and gate, step by step.",
    "task": "Task",
    "task_en-de": "English → German",
    "task_dates": "Dates: English → Korean",
    "task_en-ko": "English → Korean",
    "sentence": "Sentence (Enter translates)",
    "checkpoint": "Checkpoint",
    "decoding": "Decoding",
    "beam_width": "Beam width",
    "max_len": "Maximum output pieces",
    "translate": "Translate",
    "translation": "Translation",
    "pieces": "Target pieces, coloured by probability",
    "nbest": "Beam n-best list",
    "examples_test": "Examples from the held-out test split",
    "examples_hand": "Hand-picked examples",
    "tab_states": "States & gates",
    "tab_attention": "Attention",
    "tab_steps": "Step inspector",
    "tab_saturation": "Gate saturation",
    "tab_compare": "Compare RNN · LSTM · GRU",
    "tab_tf": "Teacher forcing",
    "tab_card": "Model card",
    "array": "Show",
    "order": "Order units by",
    "top": "Units shown",
    "layer": "Layer",
    "step": "Decoder step",
    "reference": "Reference translation",
    "score": "Score the reference",
    "compare": "Compare",
    "unavailable": "⚠️ Unavailable checkpoints:",
    "explain_states": "Columns are steps, rows are units (the ones that vary most first, unless you choose "
    "otherwise). The encoder reads the source pieces in the order shown — reversed for Sutskever-style "
    "checkpoints — and its final state becomes the decoder's first. "
    f"SimpleRNN: {RNN} — no gates. LSTM (colah): {LSTM}. GRU: {GRU}. "
    "h, c, g, h̃ use a blue–red scale fixed at [−1, 1]; gates a [0, 1] scale.",
    "explain_attention": "Row t shows where the decoder looked while choosing output piece t: "
    "$a_{tj} = \\mathrm{softmax}_j(h_t \\cdot s_j)$ (Luong dot), context $= \\sum_j a_{tj} s_j$. "
    "Each row sums to 1.",
    "explain_steps": "At each decoder step the model turns its state into a probability for every target piece: "
    "$p(y_t) = \\mathrm{softmax}(\\tilde h_t W_o + b_o)$. Greedy decoding takes the top one; beam "
    "search keeps several candidates.",
    "explain_saturation": "Karpathy et al. (2015): each dot is one gate unit. Near the top it is almost always open "
    "(> 0.9), near the right almost always closed (< 0.1): a switch. Near the origin it rarely "
    "saturates and works as a smooth dial.",
    "explain_compare": "The same sentence through the SimpleRNN, LSTM and GRU checkpoints of this task: same data, "
    "same sizes, only the cell differs.",
    "explain_tf": "Training feeds the decoder the reference prefix (teacher forcing); translation feeds it its own "
    "choices (free running). Green bars: the model's top choice is the reference piece; red: it would "
    "have said something else here.",
    "explain_card": "Scores on the held-out test split, computed by `python -m seq2seq.evaluate`.",
    "no_attention": "This checkpoint has no attention: the decoder sees the source only through the encoder's "
    "final state (Sutskever et al. 2014).",
    "no_gates": "SimpleRNN has no gates: only its hidden state h is shown.",
}

KO = {
    "title": "# Seq2Seq Explorer\n문장을 입력하고, Keras로 학습한 RNN / LSTM / GRU 인코더–디코더를 골라, "
    "모든 은닉 상태와 게이트를 한 단계씩 살펴보세요.",
    "task": "과제",
    "task_en-de": "영어 → 독일어",
    "task_dates": "날짜: 영어 → 한국어",
    "task_en-ko": "영어 → 한국어",
    "sentence": "문장 (Enter로 번역)",
    "checkpoint": "체크포인트",
    "decoding": "디코딩",
    "beam_width": "빔 크기",
    "max_len": "최대 출력 조각 수",
    "translate": "번역",
    "translation": "번역 결과",
    "pieces": "출력 조각 (확률에 따라 색칠)",
    "nbest": "빔 서치 n-best 목록",
    "examples_test": "테스트 세트에서 뽑은 예문",
    "examples_hand": "직접 고른 예문",
    "tab_states": "상태와 게이트",
    "tab_attention": "어텐션",
    "tab_steps": "단계별 보기",
    "tab_saturation": "게이트 포화",
    "tab_compare": "RNN · LSTM · GRU 비교",
    "tab_tf": "Teacher forcing",
    "tab_card": "모델 카드",
    "array": "보기",
    "order": "유닛 정렬 기준",
    "top": "보여줄 유닛 수",
    "layer": "층",
    "step": "디코더 단계",
    "reference": "정답 번역",
    "score": "정답 번역 점수 보기",
    "compare": "비교",
    "unavailable": "⚠️ 불러오지 못한 체크포인트:",
    "explain_states": "열은 시간 단계, 행은 유닛입니다 (기본: 가장 많이 변하는 유닛부터). 인코더는 보이는 순서대로 "
    "입력 조각을 읽고 (Sutskever 방식 체크포인트는 거꾸로), 마지막 은닉 상태가 디코더의 첫 상태가 "
    f"됩니다. SimpleRNN: {RNN} — 게이트 없음. LSTM 셀: {LSTM}. GRU: {GRU}. "
    "h, c, g, h̃는 [−1, 1] 고정 색 범위, 게이트는 [0, 1] 범위입니다.",
    "explain_attention": "t번째 행은 디코더가 t번째 출력 조각을 고를 때 입력의 어디를 보았는지 나타냅니다: "
    "$a_{tj} = \\mathrm{softmax}_j(h_t \\cdot s_j)$ (Luong dot). 각 행의 합은 1입니다.",
    "explain_steps": "디코더는 매 단계 은닉 상태로 모든 출력 조각의 확률을 계산합니다: "
    "$p(y_t) = \\mathrm{softmax}(\\tilde h_t W_o + b_o)$. 그리디 디코딩은 가장 높은 것을, 빔 서치는 "
    "여러 후보를 유지합니다.",
    "explain_saturation": "Karpathy et al. (2015): 점 하나가 게이트 유닛 하나입니다. 위쪽에 있으면 거의 항상 열려 있고 (> 0.9), "
    "오른쪽에 있으면 거의 항상 닫혀 있습니다 (< 0.1): 스위치처럼 동작합니다. 원점 근처의 유닛은 "
    "부드럽게 조절합니다.",
    "explain_compare": "같은 문장을 이 과제의 SimpleRNN, LSTM, GRU 체크포인트에 넣어 봅니다. 데이터와 크기는 같고 셀만 "
    "다릅니다.",
    "explain_tf": "학습 때 디코더는 정답의 앞부분을 입력으로 받고 (teacher forcing), 번역 때는 자신이 고른 조각을 "
    "받습니다. 초록 막대: 모델의 최선 선택이 정답 조각과 같음, 빨강: 여기서 다른 조각을 골랐을 것.",
    "explain_card": "보류된 테스트 세트에서 `python -m seq2seq.evaluate`로 계산한 점수입니다.",
    "no_attention": "이 체크포인트에는 어텐션이 없습니다: 디코더는 인코더의 마지막 은닉 상태로만 입력을 봅니다 "
    "(Sutskever et al. 2014).",
    "no_gates": "SimpleRNN에는 게이트가 없습니다: 은닉 상태 h만 보여줍니다.",
}
