"""Every sentence the page shows, in English and Korean (the page follows the browser's language).

Korean terms follow the Korean classroom: 셀 (cell), 은닉 상태 (hidden state), 게이트 (gate), teacher forcing.
The cells' equations come from their specs (``seq2seq.cells``).
"""

from __future__ import annotations

from seq2seq.cells import ARRAYS, CELLS, CellSpec

from . import josa
from .lesson_text import UI as LESSON_UI

RNN, LSTM, GRU = (f"${CELLS[c].equations}$" for c in ("rnn", "lstm", "gru"))

EN = {
    "title": "# Seq2Seq Explorer\nType a sentence, pick RNN / LSTM / GRU encoder–decoders trained with Keras, "
    "and watch every state and gate, step by step.",
    "task": "Task",
    "task_en-de": "English → German",
    "task_dates": "Dates: English → Korean",
    "task_en-ko": "English → Korean",
    "task_note_en-de": "Trained on ~18,000 short example sentences of a dictionary: short everyday sentences work best.",
    "task_note_dates": "Dates from 1950 to 2049 in three English formats (Wednesday, November 25, 2026 · November 25, 2026 · Nov 25, 2026).",
    "task_note_en-ko": "Trained on LibreOffice's help and menus and on short everyday sentences (Tatoeba, a textbook): "
    "it translates software instructions and short everyday sentences (“I go to school by bus.”); long or unusual "
    "sentences often come out wrong.",
    "sentence": "Sentence (Enter translates)",
    "checkpoint": "Checkpoint",
    "decoding": "Decoding",
    "beam_width": "Beam width",
    "max_len": "Maximum output pieces",
    "translate": "Translate",
    "examples": "Examples",
    "tab_why": "Why? What if…",
    "explain_why": "Ask the model why it said what it said. **What if** the translation had started differently: "
    "type the first words (or click a candidate in the playback), and the decoder is forced through them, then "
    "continues on its own; compare the log-probabilities. **Interventions** pin units of one array of one layer "
    "to a value at every step: a pinned gate or candidate replaces the computed value before the cell combines "
    "them ($c_t = f \\odot c_{t-1} + i \\odot g$, $h_t = z \\odot h_{t-1} + (1-z) \\odot \\tilde h$); a pinned c or "
    "h is what the next step, the attention and the output layer receive. Decoding under an intervention is greedy.",
    "whatif_prefix": "Start of the translation (forced)",
    "whatif_go": "Continue from here",
    "whatif_summary": "The model's own: **{own}** (log p = {own_lp})  \nForced through {n} piece(s): **{forced}** "
    "(log p = {forced_lp})",
    "intervene_preset": "Preset",
    "preset_top_off": "switch off the 10 encoder units that vary most",
    "preset_forget_1": "forget gate = 1 (never forget)",
    "preset_forget_0": "forget gate = 0 (forget everything)",
    "preset_update_1": "update gate z = 1 (freeze the state)",
    "intervene_side": "Side",
    "intervene_layer": "Layer",
    "intervene_array": "Array",
    "intervene_units": "Units (e.g. 3, 17, 40, or all)",
    "intervene_value": "Value",
    "intervene_go": "Apply and translate",
    "intervene_summary": "Original: **{original}**  \nWith the intervention: **{changed}** ({same})",
    "intervene_same": "the same",
    "intervene_differs": "different",
    "side_encoder": "encoder",
    "side_decoder": "decoder",
    "language": "Language · 언어",
    "copy_link": "Link to this view",
    "link": "Link to what is on screen (copied to the clipboard)",
    "link_unknown": "The link asked for {what} {value!r}, which is not here; showing the default instead.",
    "link_what_task": "task",
    "link_what_checkpoint": "checkpoint",
    "link_what_beam": "beam size",
    "link_what_tab": "view",
    "settings": "Decoding settings",
    "tab_playback": "▶ Playback",
    "explain_playback": "The run in the order the model computed it: the encoder reads the source pieces one by one, "
    "then the decoder writes the translation piece by piece, starting from the encoder's final state. Press Play, "
    "or step with the buttons or the slider; click a heatmap row to put that unit into the cell diagram. "
    "Gates use the [0, 1] scale of the heatmaps, states and candidates [−1, 1].",
    "translation": "Translation",
    "pieces": "Target pieces, coloured by probability",
    "nbest": "Beam n-best list",
    "examples_test": "Examples from the held-out test split",
    "examples_hand": "Hand-picked examples",
    "tab_states": "States & gates",
    "tab_attention": "Attention",
    "tab_steps": "Step inspector",
    "tab_saturation": "Saturation",
    "tab_compare": "Compare cells",
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
    "checkpoints — and its final state becomes the decoder's first. A bidirectional encoder (the English→Korean "
    "models with attention) reads both ways: rows u→ read left to right, rows u← right to left, each column holds "
    "both readings of its piece, and the decoder starts from each direction's last state. "
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
    # -- written by Python (explorer.views, explorer.figures) through t(key, lang, **values) ------------------
    "fig_piece": "piece",
    "fig_step": "step",
    "fig_unit": "unit",
    "fig_unit_axis": "unit",
    "fig_value": "value",
    "fig_output": "output",
    "fig_source": "source",
    "fig_position": "position",
    "fig_weight": "weight",
    "fig_probability": "probability",
    "fig_encoder": "encoder",
    "fig_decoder": "decoder",
    "fig_diff_title": "Encoder layer {layer}: change of h under the intervention (intervened − original)",
    "fig_saliency_title": "Saliency: ‖∂ log p(output piece) / ∂ source embedding‖, each row ÷ its maximum",
    "explain_saliency": "Saliency asks every checkpoint, with or without attention, where each output piece's "
    "probability comes from: $S_{ts} = \\lVert \\partial \\log p(y_t \\mid y_{<t}, x) / \\partial e(x_s) \\rVert_2$, "
    "computed with gradients through the Keras model on its own translation. Attention is what the decoder "
    "looks at; saliency is what its choice depends on.",
    "fig_encoder_title": "Encoder layer {layer}: {name} (reading order)",
    "fig_decoder_title": "Decoder layer {layer}: {name} (column = piece it chose)",
    "fig_attention_title": "Attention: output piece (rows) × source piece (columns)",
    "fig_topk_title": "Step {step}: after “{previous}”, the decoder chose “{chosen}”",
    "fig_step_gates_title": "Decoder layer {layer}, step {step}: every gate (same units as above)",
    "fig_sat_share": "{share} of steps",
    "fig_sat_x": "fraction of steps left-saturated (< 0.1)",
    "fig_sat_y": "fraction right-saturated (> 0.9)",
    "fig_sat_title": "Gate saturation (one dot per unit)",
    "fig_tf_reference": "p(reference piece | reference prefix)",
    "fig_tf_top": "model's own top choice",
    "fig_tf_hover_reference": "step {step}: reference {reference} p={p}<br>model's choice {top}",
    "fig_tf_hover_top": "step {step}: model prefers {top} p={p}",
    "fig_reference_piece": "reference piece",
    "fig_tf_title": "Teacher forcing: green = the model agrees with the reference, red = it diverges",
    "fig_train_loss": "train loss",
    "fig_dev_loss": "dev loss",
    "fig_epoch": "epoch",
    "fig_cross_entropy": "cross-entropy per piece",
    "fig_cross_entropy_log": "loss (log scale)",
    "tip_written": "Tip: these models learnt from sentences written as in a book, with a capital letter and a closing "
    "full stop or question mark. Written so, yours reads “{written}”: try it.",
    "fig_training_title": "Training curve",
    "fig_source_length": "source length (words)",
    "fig_by_length_title": "{score} by source length",
    "fig_score_bleu": "BLEU",
    "fig_score_exact_match": "Exact match %",
    "fig_score_chrf": "chrF",
    "fig_axis_bleu": "bleu",
    "fig_axis_exact_match": "exact match",
    "fig_axis_chrf": "chrF",
    "order_index": "index",
    "order_variance": "variance",
    "order_mean": "mean",
    "piece_title": "step {step}: p = {p}",
    "describe_attention": "attention",
    "describe_no_attention": "no attention",
    "describe_reversed": "reversed source",
    "empty_translation": "(empty)",
    "no_task": "(none)",
    "compare_missing": "No {cell} checkpoint is available for this task.",
    "tf_free": "Free running: **{text}**",
    "tf_reference": "Reference: **{text}**",
    "tf_log_p": "log p(reference) = {log_p}",
    "tf_agrees": "the model agrees with every reference piece.",
    "tf_diverges": "first divergence at step {step}: reference “{reference}”, model prefers “{top}”.",
    "card_summary": "**{description}** · {parameters} parameters · vocabulary {source} source / {target} target pieces",
    "card_trained": "Trained {epochs} epochs in {minutes} min on {machine}; best dev loss {loss}.",
    "card_trained_chrf": "Trained {epochs} epochs in {minutes} min on {machine}; kept the weights of the best "
    "dev chrF, {chrf} (epoch {best}; dev loss {loss}).",
    "card_table_header": "| test set | beam | BLEU | chrF | exact match | test pairs |",
    "split_test": "held-out test split",
    "index_building": "Building this model's state index (once)",
    "split_test_en-ko": "LibreOffice help",
    "split_everyday": "everyday sentences (Tatoeba, textbook)",
    "card_no_metrics": "No metrics.json yet: run `python -m seq2seq.evaluate` on this checkpoint.",
    "card_full": "Full model card",
    "error_not_text": "Input must be text.",
    "error_empty": "Input is empty: type a sentence to translate.",
    "error_too_long_chars": "Input is too long: {n} characters (limit {limit}).",
    "error_too_long_pieces": "Input is too long: {n} pieces (limit {limit}).",
    "error_unreadable_dates": "The model cannot read this text: none of its characters are in its vocabulary (it was trained on English dates).",
    "error_unreadable_sentences": "The model cannot read this text: none of its characters are in its vocabulary (it was trained on English sentences).",
    "error_mostly_unreadable_dates": "The model cannot read most of this text: {share}% of its words are in letters its vocabulary lacks (it was trained on English dates).",
    "error_mostly_unreadable_sentences": "The model cannot read most of this text: {share}% of its words are in letters its vocabulary lacks (it was trained on English sentences).",
    "error_beam_size": "Beam size must be a whole number between 1 and 10.",
    "error_reference_empty": "Reference is empty: type the translation you expect.",
    "error_reference_too_long": "Reference is too long: {n} characters (limit {limit}).",
    "error_checkpoint_unavailable": "Checkpoint {name!r} is unavailable: {why}",
    "error_checkpoint_unknown": "Unknown checkpoint {name!r}.",
    "error_spec_json": "The intervention must be a JSON object.",
    "error_spec_side": 'Intervention side must be "encoder" or "decoder".',
    "error_spec_layer": "Intervention layer must be a layer from 0 to {hi}.",
    "error_spec_array": "Intervention array must be one of {allowed}.",
    "error_spec_units": "Intervention units must be a list of unit numbers from 0 to {hi}.",
    "error_spec_value": "Intervention value must be a finite number.",
    "error_live_busy": "This page already has a training queued or running: wait for it, or stop it first.",
    "error_live_full": "{n} trainings are queued (about {wait} min): watch the running one instead, or try again later.",
    "error_generic": "Something went wrong with this request; please try another.",
    # -- component labels app.py sets in Python (optional: i18n(key) where Gradio translates them) -------------
    "decoding_greedy": "greedy",
    "decoding_beam": "beam",
    "col_translation": "translation",
    "col_score": "score",
    "plot_encoder": "encoder",
    "plot_decoder": "decoder",
    "plot_attention": "attention",
    "plot_topk": "top-k",
    "plot_gates": "gates",
    "plot_saturation": "saturation",
    "plot_tf": "teacher forcing",
    "plot_training": "training",
    "plot_by_length": "by length",
    "task_note_imported": "Your own task, imported from {file}: {n} training pairs. Sentences unlike them come out "
    "as nonsense.",
    "tab_train": "Train",
    "explain_train": "Watch a model learn. Pick a cell, a size and a time budget and press **Train**: a fresh "
    "encoder–decoder learns the dates task (a fixed sample of 6,000 training dates, the shipped tokenizers) here on "
    "the server, with teacher forcing. After every epoch you see the training and dev loss, the dev exact match "
    "(200 dev dates), the date below as the model translates it now, and its encoder's hidden states h. **Race** "
    "trains SimpleRNN, LSTM and GRU of the same size one after another and draws their dev curves on one chart. "
    "**Stop** keeps what the last complete epoch learned. One training runs at a time; others wait in line.",
    "live_cell": "Cell",
    "live_units": "Units",
    "live_attention": "Attention",
    "live_reverse": "Reverse the source",
    "live_bidirectional": "Read both ways (bidirectional)",
    "live_seconds": "Time budget (seconds)",
    "live_probe": "Date to watch",
    "live_train": "▶ Train",
    "live_race": "Race the three cells",
    "live_stop": "■ Stop",
    "live_note": "Live models stay in memory: they are in this page's checkpoint picker (Dates task) for an hour, "
    "until eight newer ones replace them, or until the server restarts. Closing the page stops its training.",
    "live_watch": "Watch",
    "live_nothing": "Nothing is training right now: press Train, or wait for the teacher's run and watch it.",
    "live_watching": "Watching {name}: ",
    "live_starting": "Starting: the training process is getting ready (TensorFlow loads once per server, a few "
    "seconds); its time budget starts when the training does.",
    "live_queued": "Waiting: {n} training(s) ahead of this one; it starts in about {start} s. Meanwhile, "
    "**Watch** shows the one running now.",
    "live_running": "Epoch {epoch} · {elapsed} s of {budget} s ({left} s left) · dev exact match {em}% · "
    "“{probe}” → {translation}",
    "live_done": "Done: <b>{name}</b> — {epochs} epochs, dev exact match {em}%. It is now in the checkpoint picker "
    "of the Dates task: every view works on it.",
    "live_stopped": "Stopped: <b>{name}</b> keeps its last complete epoch ({epochs} epochs, dev exact match {em}%). "
    "It is in the checkpoint picker of the Dates task.",
    "live_failed": "Training failed: {error}",
    "live_race_part": "Race {i} of 3: ",
    "fig_live_title": "{name}: loss per epoch (dev exact match now {em}%)",
    "fig_live_heat": "Epoch {epoch}: encoder h of the date (→ {translation})",
    "fig_race_title": "The race: dev loss and dev exact match against training time",
    "fig_live_seconds": "seconds of training",
    "fig_live_exact": "dev exact match %",
    "error_live_failed": "Training failed: {error}",
    "error_live_cell": "cell must be rnn, lstm or gru, got {cell!r}.",
    "error_live_units": "units must be a whole number from {lo} to {hi}, got {units!r}.",
    "error_live_units_even": "a bidirectional encoder splits its units between two directions: units must be even, "
    "got {units}.",
    "error_live_seconds": "seconds must be from {lo} to {hi}, got {seconds!r}.",
    "tab_near": "Neighbours",
    "explain_near": "Where does this sentence sit among the training sentences? The encoder's final state $h_S$ "
    "(bidirectional: $[\\overrightarrow{h}_S; \\overleftarrow{h}_1]$, where the decoder starts) "
    "is compared with the final states of every training sentence (cosine similarity "
    "$\\frac{a \\cdot b}{\\lVert a \\rVert \\lVert b \\rVert}$, 1 = same direction): the nearest ones are what "
    'the model treats as "the same kind of sentence" — a wrong translation often copies one of them. The same '
    "for one decoder step: which training contexts led to a similar decoder state, and which piece followed "
    "them. The map projects every state onto the two main axes (PCA) of the training states: the red path is "
    "this sentence, step by step; the star on the encoder's map is its final state, the point the neighbours "
    "are measured from (bidirectional: not a point of the path, which holds $[\\overrightarrow{h}_t; "
    "\\overleftarrow{h}_t]$ at each step).",
    "near_k": "How many neighbours",
    "near_sentences": "Nearest training sentences (encoder final state)",
    "near_step": "Decoder step",
    "near_steps": "Nearest training decoder steps (the piece that followed)",
    "col_similarity": "similarity",
    "col_source": "source",
    "col_target": "target",
    "col_context": "reference so far → next piece",
    "search_title": "### Unit search",
    "explain_search": "Which units follow a pattern? Pick one (or pick pieces of this sentence) and the units "
    "of the top encoder layer are ranked by how well their h separates the selected steps from all others "
    "(Cohen's d = difference of means ÷ pooled standard deviation, over the index's sample of training steps "
    "and this sentence; for position, the correlation r with the step number).",
    "pattern": "Pattern",
    "pattern_span": "the pieces I pick",
    "pattern_digits": "digits",
    "pattern_year": "a four-digit year",
    "pattern_month": "month names",
    "pattern_punctuation": "punctuation",
    "pattern_word_start": "first piece of a word",
    "pattern_position": "position (step number)",
    "search_span": "Pieces of this sentence (for “the pieces I pick”)",
    "search_go": "Find units",
    "search_send": "Send these units to “Why? ▸ Intervene”",
    "search_sent": "Units {units} are in the intervention form of the “Why? What if…” tab (encoder, top layer, h).",
    "search_score_d": "Cohen's d",
    "search_score_r": "Pearson r",
    "search_over_index": "the index's training steps and this sentence",
    "search_over_sentence": "this sentence only (no index)",
    "search_summary": "{selected} selected of {steps} steps ({where}). Best units ({score}): {units}",
    "fig_search_title": "Units that follow “{pattern}”: h over this sentence (▲ = selected)",
    "fig_trajectory_title": "State trajectories over the training states (their two main axes, PCA)",
    "fig_training_states": "training states",
    "fig_sentence_vector": "h_S (sentence)",
    "fig_sentence_vector_both": "[→h_S; ←h_1] (sentence)",
    "error_no_index": "{name} has no state index yet. Build it once (about 20 s) with: {command}",
    "error_bad_index": "The state index of {name} cannot be read; rebuild it with: {command}",
    "error_bad_k": "k must be a whole number from 1 to 100, got {k!r}.",
    "error_no_span": "Select at least one piece of the sentence.",
    "error_no_match": "No step of the sentence or the sample matches this pattern.",
    "error_bad_pattern": "Unknown pattern {pattern!r}.",
}

KO = {
    "title": "# Seq2Seq Explorer\n문장을 입력하고, Keras로 학습한 RNN / LSTM / GRU 인코더–디코더를 골라, "
    "모든 은닉 상태와 게이트를 한 단계씩 살펴보세요.",
    "task": "과제",
    "task_en-de": "영어 → 독일어",
    "task_dates": "날짜: 영어 → 한국어",
    "task_en-ko": "영어 → 한국어",
    "task_note_en-de": "사전의 짧은 예문 약 18,000개로 학습했습니다: 짧은 일상 문장이 가장 잘 됩니다.",
    "task_note_dates": "1950–2049년의 날짜, 영어 세 가지 형식 (Wednesday, November 25, 2026 · November 25, 2026 · Nov 25, 2026).",
    "task_note_en-ko": "LibreOffice의 도움말과 메뉴, 그리고 짧은 일상 문장(Tatoeba, 교과서)으로 학습했습니다: 소프트웨어 "
    "사용 설명과 짧은 일상 문장(“I go to school by bus.”)은 번역하지만, 길거나 낯선 문장은 자주 틀립니다.",
    "sentence": "문장 (Enter로 번역)",
    "checkpoint": "체크포인트",
    "decoding": "디코딩",
    "beam_width": "빔 크기",
    "max_len": "최대 출력 조각 수",
    "translate": "번역",
    "examples": "예문",
    "tab_why": "왜? 만약에…",
    "explain_why": "모델이 왜 그렇게 번역했는지 물어봅니다. **만약에** 번역이 다르게 시작했다면: 첫 단어들을 입력하거나 "
    "재생 화면의 후보를 누르면, 디코더가 그 조각들을 억지로 쓴 뒤 스스로 이어 갑니다. 로그 확률을 비교해 보세요. "
    "**개입(intervention)** 은 한 층의 한 배열에서 고른 유닛을 매 단계 한 값으로 고정합니다: 고정한 게이트나 후보 값은 셀이 "
    "값을 합치기 전에 계산된 값을 대신하고 ($c_t = f \\odot c_{t-1} + i \\odot g$, "
    "$h_t = z \\odot h_{t-1} + (1-z) \\odot \\tilde h$), 고정한 c나 h는 다음 단계·어텐션·출력층이 받는 값이 됩니다. "
    "개입한 상태의 디코딩은 그리디입니다.",
    "whatif_prefix": "번역의 시작 (강제)",
    "whatif_go": "여기서 이어 쓰기",
    "whatif_summary": "모델 자신의 번역: **{own}** (log p = {own_lp})  \n{n}개 조각을 강제한 번역: **{forced}** "
    "(log p = {forced_lp})",
    "intervene_preset": "미리 정한 개입",
    "preset_top_off": "가장 많이 변하는 인코더 유닛 10개 끄기",
    "preset_forget_1": "망각 게이트 = 1 (절대 잊지 않음)",
    "preset_forget_0": "망각 게이트 = 0 (모두 잊음)",
    "preset_update_1": "업데이트 게이트 z = 1 (상태 고정)",
    "intervene_side": "위치",
    "intervene_layer": "층",
    "intervene_array": "배열",
    "intervene_units": "유닛 번호 (예: 3, 17, 40 또는 전체)",
    "intervene_value": "값",
    "intervene_go": "적용하고 번역",
    "intervene_summary": "원래 번역: **{original}**  \n개입한 번역: **{changed}** ({same})",
    "intervene_same": "같음",
    "intervene_differs": "다름",
    "side_encoder": "인코더",
    "side_decoder": "디코더",
    "language": "Language · 언어",
    "copy_link": "이 화면의 링크",
    "link": "지금 화면을 여는 링크 (클립보드에 복사됨)",
    "link_unknown": "링크의 {what} {value!r}: 여기에 없는 값이라 기본값을 보여줍니다.",
    "link_what_task": "과제",
    "link_what_checkpoint": "체크포인트",
    "link_what_beam": "빔 크기",
    "link_what_tab": "화면",
    "settings": "디코딩 설정",
    "tab_playback": "▶ 재생",
    "explain_playback": "모델이 계산한 순서대로 보여줍니다: 인코더가 입력 조각을 하나씩 읽고, 인코더의 마지막 상태에서 "
    "시작한 디코더가 번역을 한 조각씩 씁니다. 재생을 누르거나 버튼·슬라이더로 한 단계(timestep)씩 움직이세요. "
    "히트맵의 행을 누르면 그 유닛이 셀(cell) 그림에 나타납니다. 게이트는 히트맵과 같은 [0, 1] 색 범위, 상태와 후보 값은 "
    "[−1, 1] 범위입니다.",
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
    "tab_tf": "티처 포싱(teacher forcing)",
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
    "됩니다. 양방향(bidirectional) 인코더(attention이 있는 영어→한국어 모델)는 두 방향으로 읽습니다: u→ 행은 왼쪽에서 "
    "오른쪽으로, u← 행은 오른쪽에서 왼쪽으로 읽고, 각 열에는 그 조각을 두 방향에서 읽은 값이 함께 있으며, 디코더는 "
    "각 방향의 마지막 상태에서 시작합니다. "
    f"SimpleRNN: {RNN} — 게이트 없음. LSTM 셀: {LSTM}. GRU: {GRU}. "
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
    # -- written by Python (explorer.views, explorer.figures) through t(key, lang, **values) ------------------
    "fig_piece": "조각",
    "fig_step": "단계",
    "fig_unit": "유닛",
    "fig_unit_axis": "유닛(unit)",
    "fig_value": "값",
    "fig_output": "출력",
    "fig_source": "입력",
    "fig_position": "위치",
    "fig_weight": "가중치",
    "fig_probability": "확률",
    "fig_encoder": "인코더",
    "fig_decoder": "디코더",
    "fig_saliency_title": "살리언시(saliency): ‖∂ log p(출력 조각) / ∂ 입력 임베딩‖, 행마다 최댓값으로 나눔",
    "explain_saliency": "살리언시(saliency)는 어텐션이 있든 없든 모든 체크포인트에게, 각 출력 조각의 확률이 입력의 어디에서 "
    "오는지 묻습니다: $S_{ts} = \\lVert \\partial \\log p(y_t \\mid y_{<t}, x) / \\partial e(x_s) \\rVert_2$, "
    "모델 자신의 번역에서 Keras 모델을 통한 기울기로 계산합니다. 어텐션은 디코더가 보는 곳이고, 살리언시는 선택이 "
    "기대는 곳입니다.",
    "fig_diff_title": "인코더 {layer}층: 개입으로 바뀐 은닉 상태 h (개입 − 원래)",
    "fig_encoder_title": "인코더 {layer}층: {name} — 읽는 순서",
    "fig_decoder_title": "디코더 {layer}층: {name} — 열 = 디코더가 고른 조각",
    "fig_attention_title": "어텐션(attention): 출력 조각 (행) × 입력 조각 (열)",
    "fig_topk_title": "{step}단계: “{previous}” 다음에 디코더가 고른 조각은 “{chosen}”",
    "fig_step_gates_title": "디코더 {layer}층, {step}단계: 모든 게이트 (위와 같은 유닛)",
    "fig_sat_share": "전체 단계의 {share}",
    "fig_sat_x": "왼쪽 포화 (< 0.1)인 단계의 비율",
    "fig_sat_y": "오른쪽 포화 (> 0.9)인 단계의 비율",
    "fig_sat_title": "게이트 포화 (점 하나 = 유닛 하나)",
    "fig_tf_reference": "p(정답 조각 | 정답 앞부분)",
    "fig_tf_top": "모델 자신의 최선 선택",
    "fig_tf_hover_reference": "{step}단계: 정답 {reference} p={p}<br>모델의 선택 {top}",
    "fig_tf_hover_top": "{step}단계: 모델은 {top} 선호 p={p}",
    "fig_reference_piece": "정답 조각",
    "fig_tf_title": "티처 포싱(teacher forcing): 초록 = 모델의 선택이 정답과 같음, 빨강 = 다름",
    "fig_train_loss": "학습 손실",
    "fig_dev_loss": "검증(dev) 손실",
    "fig_epoch": "에포크(epoch)",
    "fig_cross_entropy": "조각당 교차 엔트로피",
    "fig_cross_entropy_log": "손실 (로그 눈금)",
    "tip_written": "도움말: 이 모델은 책에서처럼 대문자로 시작하고 마침표나 물음표로 끝나는 문장으로 학습했습니다. "
    "그렇게 쓰면 “{written}” — 이렇게 입력해 보세요.",
    "fig_training_title": "학습 곡선",
    "fig_source_length": "입력 길이 (단어 수)",
    "fig_by_length_title": "입력 길이별 {score}",
    "fig_score_bleu": "BLEU",
    "fig_score_exact_match": "완전 일치율 %",
    "fig_score_chrf": "chrF",
    "fig_axis_bleu": "BLEU",
    "fig_axis_exact_match": "완전 일치율 (%)",
    "fig_axis_chrf": "chrF",
    "order_index": "번호순",
    "order_variance": "분산 (많이 변하는 순)",
    "order_mean": "평균 (큰 순)",
    "piece_title": "{step}단계: p = {p}",
    "describe_attention": "어텐션",
    "describe_no_attention": "어텐션 없음",
    "describe_reversed": "입력 역순",
    "empty_translation": "(빈 번역)",
    "no_task": "(없음)",
    "compare_missing": "이 과제에는 {cell} 체크포인트가 없습니다.",
    "tf_free": "자유 생성 (free running): **{text}**",
    "tf_reference": "정답: **{text}**",
    "tf_log_p": "log p(정답) = {log_p}",
    "tf_agrees": "모든 단계에서 모델의 최선 선택이 정답 조각과 같습니다.",
    "tf_diverges": "처음 갈라지는 곳은 {step}단계: 정답은 “{reference}”, 모델은 “{top}” 조각을 더 선호합니다.",
    "card_summary": "**{description}** · 파라미터 {parameters}개 · 어휘: 입력 {source}개 / 출력 {target}개 조각",
    "card_trained": "{machine}에서 {minutes}분 동안 {epochs} 에포크 학습; 최저 검증 손실 {loss}.",
    "card_trained_chrf": "{machine}에서 {minutes}분 동안 {epochs} 에포크 학습; 검증 chrF가 가장 높았던 가중치를 "
    "씁니다: {chrf} ({best} 에포크, 검증 손실 {loss}).",
    "card_table_header": "| 테스트 세트 | 빔 | BLEU | chrF | 완전 일치 | 테스트 쌍 |",
    "split_test": "보류된 테스트 분할",
    "index_building": "이 모델의 상태 인덱스(state index)를 만드는 중 (한 번만)",
    "split_test_en-ko": "LibreOffice 도움말",
    "split_everyday": "일상 문장 (Tatoeba, 교과서)",
    "card_no_metrics": "아직 metrics.json이 없습니다: 이 체크포인트에 `python -m seq2seq.evaluate`를 실행하세요.",
    "card_full": "전체 모델 카드 (영문)",
    "error_not_text": "입력은 텍스트여야 합니다.",
    "error_empty": "입력이 비어 있습니다: 번역할 문장을 입력하세요.",
    "error_too_long_chars": "입력이 너무 깁니다: {n}자 (최대 {limit}자).",
    "error_too_long_pieces": "입력이 너무 깁니다: 조각 {n}개 (최대 {limit}개).",
    "error_unreadable_dates": "모델이 이 텍스트를 읽을 수 없습니다: 어휘에 있는 문자가 하나도 없습니다 (영어 날짜로 학습한 모델입니다).",
    "error_unreadable_sentences": "모델이 이 텍스트를 읽을 수 없습니다: 어휘에 있는 문자가 하나도 없습니다 (영어 문장으로 학습한 모델입니다).",
    "error_mostly_unreadable_dates": "모델이 이 텍스트의 대부분을 읽을 수 없습니다: 단어의 {share}%가 어휘에 없는 글자로 쓰여 있습니다 (영어 날짜로 학습한 모델입니다). 영어 날짜를 입력하세요.",
    "error_mostly_unreadable_sentences": "모델이 이 텍스트의 대부분을 읽을 수 없습니다: 단어의 {share}%가 어휘에 없는 글자로 쓰여 있습니다 (영어 문장으로 학습한 모델입니다). 영어 문장을 입력하세요.",
    "error_beam_size": "빔 크기는 1에서 10 사이의 정수여야 합니다.",
    "error_reference_empty": "정답 번역이 비어 있습니다: 기대하는 번역을 입력하세요.",
    "error_reference_too_long": "정답 번역이 너무 깁니다: {n}자 (최대 {limit}자).",
    "error_checkpoint_unavailable": "{name!r} 체크포인트를 사용할 수 없습니다: {why}",
    "error_checkpoint_unknown": "알 수 없는 체크포인트입니다: {name!r}",
    "error_spec_json": "개입(intervention) 설정이 올바른 JSON 객체가 아닙니다.",
    "error_spec_side": "개입할 쪽은 인코더(encoder) 또는 디코더(decoder)여야 합니다.",
    "error_spec_layer": "층(layer)은 0부터 {hi}까지의 번호여야 합니다.",
    "error_spec_array": "배열(array)은 {allowed} 중 하나여야 합니다.",
    "error_spec_units": "유닛(unit)은 0부터 {hi}까지의 번호 목록이어야 합니다 (예: 3, 17).",
    "error_spec_value": "값(value)은 유한한 수여야 합니다.",
    "error_live_busy": "이 페이지의 학습이 이미 대기 중이거나 진행 중입니다: 끝나기를 기다리거나 먼저 멈추세요.",
    "error_live_full": "학습 {n}개가 대기 중입니다 (약 {wait}분): 지금 진행 중인 학습을 지켜보거나 나중에 다시 시도하세요.",
    "error_generic": "이 요청을 처리하지 못했습니다. 다른 입력으로 다시 시도해 주세요.",
    # -- component labels app.py sets in Python (optional: i18n(key) where Gradio translates them) -------------
    "decoding_greedy": "그리디",
    "decoding_beam": "빔 서치",
    "col_translation": "번역",
    "col_score": "점수",
    "plot_encoder": "인코더",
    "plot_decoder": "디코더",
    "plot_attention": "어텐션",
    "plot_topk": "상위 k개",
    "plot_gates": "게이트",
    "plot_saturation": "게이트 포화",
    "plot_tf": "teacher forcing",
    "plot_training": "학습 곡선",
    "plot_by_length": "길이별 점수",
    "task_note_imported": "직접 가져온 과제입니다 ({file}에서, 학습 쌍 {n}개). 학습 문장과 다른 문장은 엉뚱하게 번역됩니다.",
    "tab_train": "학습시키기",
    "explain_train": "모델이 배우는 모습을 지켜보세요. 셀(cell), 크기, 시간을 고르고 **학습**을 누르면 새 인코더–디코더가 "
    "이 서버에서 날짜 과제를 배웁니다 (학습 날짜 6,000개의 고정 표본, 배포된 토크나이저, 티처 포싱(teacher forcing)). "
    "에포크(epoch)마다 학습·검증 손실(loss), 검증 정확 일치율(검증 날짜 200개), 아래 날짜의 현재 번역, 그리고 인코더의 "
    "은닉 상태 h를 보여 줍니다. **경주**는 같은 크기의 SimpleRNN, LSTM, GRU를 차례로 학습시켜 검증 곡선을 한 그래프에 "
    "그립니다. **멈춤**은 마지막으로 끝난 에포크까지 배운 것을 남깁니다. 학습은 한 번에 하나씩 실행되고, 나머지는 "
    "차례를 기다립니다.",
    "live_cell": "셀(cell)",
    "live_units": "유닛 수",
    "live_attention": "어텐션(attention)",
    "live_reverse": "입력 뒤집기",
    "live_bidirectional": "양방향으로 읽기 (bidirectional)",
    "live_seconds": "학습 시간 (초)",
    "live_probe": "지켜볼 날짜",
    "live_train": "▶ 학습",
    "live_race": "세 셀 경주",
    "live_stop": "■ 멈춤",
    "live_note": "실시간으로 학습한 모델은 메모리에만 있습니다: 한 시간 동안, 또는 더 새로운 모델 여덟 개가 생기거나 서버가 "
    "다시 시작될 때까지 이 페이지의 체크포인트 목록(날짜 과제)에 있습니다. 페이지를 닫으면 학습이 멈춥니다.",
    "live_watch": "지켜보기",
    "live_nothing": "지금 진행 중인 학습이 없습니다: 학습을 누르거나, 선생님의 학습이 시작되면 지켜보세요.",
    "live_watching": "{name} 지켜보는 중: ",
    "live_starting": "시작하는 중: 학습 프로세스를 준비하고 있습니다 (TensorFlow는 서버마다 한 번 불러오며 몇 초 "
    "걸립니다). 제한 시간은 학습이 시작될 때부터 셉니다.",
    "live_queued": "대기 중: 앞에 학습 {n}개가 있고, 약 {start}초 뒤에 시작합니다. 그동안 **지켜보기**로 지금 "
    "진행 중인 학습을 볼 수 있습니다.",
    "live_running": "에포크 {epoch} · {budget}초 중 {elapsed}초 ({left}초 남음) · 검증 정확 일치 {em}% · "
    "“{probe}” → {translation}",
    "live_done": "완료: <b>{name}</b> — 에포크 {epochs}번, 검증 정확 일치 {em}%. 이제 날짜 과제의 체크포인트 목록에 있으며 "
    "모든 보기에서 쓸 수 있습니다.",
    "live_stopped": "멈춤: 모델 <b>{name}</b>에는 마지막으로 끝난 에포크가 남습니다 (에포크 {epochs}번, 검증 정확 일치 "
    "{em}%). 날짜 과제의 체크포인트 목록에 있습니다.",
    "live_failed": "학습 실패: {error}",
    "live_race_part": "경주 {i}/3: ",
    "fig_live_title": "{name}: 에포크별 손실 (현재 검증 정확 일치 {em}%)",
    "fig_live_heat": "에포크 {epoch}: 날짜의 인코더 h (→ {translation})",
    "fig_race_title": "경주: 학습 시간에 따른 검증 손실과 검증 정확 일치",
    "fig_live_seconds": "학습 시간 (초)",
    "fig_live_exact": "검증 정확 일치 %",
    "error_live_failed": "학습 실패: {error}",
    "error_live_cell": "셀은 rnn, lstm, gru 중 하나여야 합니다 (받은 값: {cell!r}).",
    "error_live_units": "유닛 수는 {lo}부터 {hi}까지의 정수여야 합니다 (받은 값: {units!r}).",
    "error_live_units_even": "양방향(bidirectional) 인코더는 유닛을 두 방향으로 나누므로 유닛 수는 짝수여야 합니다 "
    "(받은 값: {units}).",
    "error_live_seconds": "학습 시간은 {lo}초부터 {hi}초까지여야 합니다 (받은 값: {seconds!r}).",
    "tab_near": "이웃 문장",
    "explain_near": "이 문장은 학습 문장들 사이 어디에 있을까요? 인코더의 마지막 은닉 상태(final state) $h_S$"
    "(양방향이면 디코더가 시작하는 $[\\overrightarrow{h}_S; \\overleftarrow{h}_1]$)를 모든 "
    "학습 문장의 마지막 상태와 비교합니다 (코사인 유사도 "
    "$\\frac{a \\cdot b}{\\lVert a \\rVert \\lVert b \\rVert}$, 1 = 같은 방향). 가장 가까운 문장들은 모델이 "
    '"같은 종류의 문장"으로 여기는 것입니다 — 틀린 번역은 흔히 그중 하나를 베낍니다. 디코더의 한 단계(timestep)도 '
    "마찬가지로, 비슷한 디코더 상태에 이른 학습 문맥과 그다음에 나온 조각을 보여 줍니다. 지도는 모든 상태를 학습 "
    "상태의 두 주축(PCA)에 투영한 것이며, 빨간 경로가 이 문장의 단계별 상태입니다. 인코더 지도의 별은 이웃을 재는 기준인 "
    "마지막 상태입니다 (양방향이면 경로 위의 점이 아닙니다: 경로는 각 단계의 $[\\overrightarrow{h}_t; "
    "\\overleftarrow{h}_t]$).",
    "near_k": "이웃 개수",
    "near_sentences": "가장 가까운 학습 문장 (인코더 마지막 상태)",
    "near_step": "디코더 단계",
    "near_steps": "가장 가까운 학습 디코더 단계 (그다음에 나온 조각)",
    "col_similarity": "유사도",
    "col_source": "입력 문장",
    "col_target": "정답 번역",
    "col_context": "지금까지의 정답 → 다음 조각",
    "search_title": "### 유닛 찾기 (unit search)",
    "explain_search": "어떤 유닛(unit)이 특정 패턴을 따를까요? 패턴을 고르거나 이 문장의 조각을 고르면, 맨 위 인코더 층의 "
    "유닛들을 h가 선택한 단계와 나머지 단계를 얼마나 잘 가르는지로 순위를 매깁니다 (Cohen's d = 평균의 차 ÷ 합동 "
    "표준편차, 인덱스의 학습 단계 표본과 이 문장에 대해; 위치는 단계 번호와의 상관계수 r).",
    "pattern": "패턴",
    "pattern_span": "내가 고른 조각",
    "pattern_digits": "숫자",
    "pattern_year": "네 자리 연도",
    "pattern_month": "월 이름",
    "pattern_punctuation": "문장 부호",
    "pattern_word_start": "단어의 첫 조각",
    "pattern_position": "위치 (단계 번호)",
    "search_span": "이 문장의 조각 (“내가 고른 조각”일 때)",
    "search_go": "유닛 찾기",
    "search_send": "이 유닛들을 “왜? ▸ 개입”으로 보내기",
    "search_sent": "{units}번 유닛을 “왜? 만약에…” 탭의 개입(intervention) 양식에 넣었습니다 (인코더, 맨 위 층, h).",
    "search_score_d": "Cohen's d",
    "search_score_r": "상관계수 r",
    "search_over_index": "인덱스의 학습 단계와 이 문장",
    "search_over_sentence": "이 문장만 (인덱스 없음)",
    "search_summary": "{steps}개 단계 중 {selected}개 선택 ({where}). 가장 잘 따르는 유닛 ({score}): {units}",
    "fig_search_title": "“{pattern}” 패턴을 따르는 유닛: 이 문장에서의 h (▲ = 선택)",
    "fig_trajectory_title": "학습 상태 위의 상태 궤적 (학습 상태의 두 주축, PCA)",
    "fig_training_states": "학습 상태",
    "fig_sentence_vector": "h_S (문장)",
    "fig_sentence_vector_both": "[→h_S; ←h_1] (문장)",
    "error_no_index": "{name}에는 아직 상태 인덱스(state index)가 없습니다. 한 번만 만들면 됩니다 (약 20초): {command}",
    "error_bad_index": "{name}의 상태 인덱스를 읽을 수 없습니다. 다시 만드세요: {command}",
    "error_bad_k": "k는 1부터 100까지의 정수여야 합니다 (받은 값: {k!r}).",
    "error_no_span": "문장의 조각을 하나 이상 고르세요.",
    "error_no_match": "이 패턴에 맞는 단계가 문장에도 표본에도 없습니다.",
    "error_bad_pattern": "알 수 없는 패턴입니다: {pattern!r}.",
}

# The playback view's own words (drawn in the browser by explorer/playback.js).
PLAYBACK = {
    "en": {
        "slider": "Step of the run",
        "play": "Play",
        "pause": "Pause",
        "back": "Step back",
        "forward": "Step forward",
        "first": "To the first step",
        "speed": "Speed",
        "steps_per_s": "steps/s",
        "encoder_reads": "Encoder reads {piece}",
        "backward_reads": "and, from the end (← units), {piece}",
        "decoder_writes": "Decoder writes {piece}",
        "step_of": "step {n} of {total}",
        "side_step": "{side} step t = {t}",
        "encoder": "Encoder",
        "decoder": "Decoder",
        "layer": "layer {n}",
        "unit": "unit",
        "units_hint": "rows: the {n} units that change most; click a row to show that unit in the cell",
        "written": "Written so far",
        "read": "Read so far",
        "read_forward": "Read so far by the → units (from the start)",
        "read_backward": "Read so far by the ← units (from the end)",
        "candidates": "Candidates at this step",
        "attention": "Attention of this step over the source",
        "no_attention": "No attention: the decoder sees the source only through the encoder's final state.",
        "encoder_phase": "The decoder has not started: it starts from the encoder's final state.",
        "cell_title": "{label} cell at this step, unit {unit}",
        "cand_hint": "Click a candidate: what if the decoder had written it here?",
        "swipe": "The cell goes on to the right: swipe sideways to see all of it →",
    },
    "ko": {
        "slider": "실행 단계",
        "play": "재생",
        "pause": "일시 정지",
        "back": "한 단계 뒤로",
        "forward": "한 단계 앞으로",
        "first": "첫 단계로",
        "speed": "속도",
        "steps_per_s": "단계/초",
        "encoder_reads": "인코더가 {piece} 조각을 읽음",
        "backward_reads": "(끝에서부터 읽는 ← 유닛(backward)은 {piece} 조각을 읽음)",
        "decoder_writes": "디코더가 {piece} 조각을 씀",
        "step_of": "전체 {total}단계 중 {n}단계",
        "side_step": "{side} 단계 t = {t}",
        "encoder": "인코더",
        "decoder": "디코더",
        "layer": "{n}층",
        "unit": "유닛(unit)",
        "units_hint": "행: 가장 많이 변하는 유닛 {n}개. 행을 누르면 그 유닛이 셀(cell) 그림에 나타납니다",
        "written": "지금까지 쓴 조각",
        "read": "지금까지 읽은 조각",
        "read_forward": "→ 유닛이 지금까지 읽은 조각 (처음부터)",
        "read_backward": "← 유닛이 지금까지 읽은 조각 (끝에서부터)",
        "candidates": "이 단계의 후보",
        "attention": "이 단계의 어텐션(attention): 입력 조각별 가중치",
        "no_attention": "어텐션이 없습니다: 디코더는 인코더의 마지막 은닉 상태로만 입력을 봅니다.",
        "encoder_phase": "디코더는 아직 시작하지 않았습니다: 인코더의 마지막 상태에서 시작합니다.",
        "cell_title": "이 단계의 {label} 셀(cell), 유닛 {unit}",
        "cand_hint": "후보를 누르면: 디코더가 여기서 이 조각을 썼다면?",
        "swipe": "셀(cell) 그림은 오른쪽으로 이어집니다: 옆으로 밀어 보세요 →",
    },
}


# The lesson view's labels (its prose lives in explorer/lesson_text.py).
EN.update({f"lesson_{k}": v for k, v in LESSON_UI["en"].items()}, tab_lesson="Lesson")
KO.update({f"lesson_{k}": v for k, v in LESSON_UI["ko"].items()}, tab_lesson="수업 (lesson)")


def playback_labels(lang: str = "en") -> dict[str, str]:
    """The playback view's words in ``lang`` ("en" or "ko"), and the what-if tab's name it opens."""
    return {**PLAYBACK["ko" if lang == "ko" else "en"], "why_tab": table(lang)["tab_why"]}


# -- Python-side texts: figures, views and messages in the page's language -----------------------------------
def table(lang: str = "en") -> dict[str, str]:
    """Every text of one language: Korean for "ko" (or a Korean locale such as "ko-KR"), English otherwise."""
    return KO if isinstance(lang, str) and lang.lower().startswith("ko") else EN


def t(key: str, lang: str = "en", **values) -> str:
    """The text ``key`` in ``lang`` with its ``{placeholders}`` filled from ``values`` (``str.format``).

    Without values the text comes back as it is (the explanations hold LaTeX braces).
    """
    text = table(lang)[key]
    if not values:
        return text
    filled = text.format(**values)
    return josa.fix(filled) if table(lang) is KO else filled  # "(이)가" after a filled-in value: its own form


def language(accept_language: str | None) -> str:
    """The page's language from an ``Accept-Language`` header: "ko" when Korean comes first, else "en"."""
    first = (accept_language or "").split(",")[0].strip().lower()
    return "ko" if first.startswith("ko") else "en"


def array_name(key: str, lang: str = "en") -> str:
    """The display name of a trace array (``"h"`` → "hidden state h" / "은닉 상태 h (hidden state)")."""
    return ARRAYS[key].ko if table(lang) is KO else ARRAYS[key].en


def array_choices(cell: CellSpec, lang: str = "en") -> list[tuple[str, str]]:
    """(display name, key) for each array a cell records, in the trace's order: the array picker's choices."""
    return [(array_name(a.key, lang), a.key) for a in cell.arrays]
