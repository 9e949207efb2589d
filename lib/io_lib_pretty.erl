%% io_lib_pretty: the layout of ~p and ~P (and of the shell's results), Ferl's own.
%%
%% print/1,2,4 return a deep character list. Options: column (1-based, default 1),
%% line_length (80), depth (-1 = unlimited), encoding (latin1 | unicode), strings (true:
%% print printable lists and binaries as strings), record_print_fun (fun(Tag, Arity) ->
%% no | [FieldName]), line_max_chars (the shell passes 30: a term longer than that is
%% broken, and the leaves packed on a line, counted from the start of the innermost term
%% that began on the line, may not exceed it; a map key starts a new count; the bytes of
%% a binary get line_max_chars - 4 - the characters around the binary, at least 8).
%% Not supported: chars_limit / max_chars (ignored).
%%
%% The layout rules, as observed on erl 25:
%% - a term printed flat fits if Column + Length + (characters that must follow it on the
%%   same line) < LineLength;
%% - otherwise lists, tuples and non-string binaries put their elements one after another,
%%   packing "leaves" (atoms, numbers, strings, ...) several to a line, while compound
%%   elements (lists, tuples, maps) each start a new line and end it;
%% - a tuple whose first element is an atom keeps that tag on the first line and aligns
%%   the other elements after it; if, for any broken tag tuple of the term, that column
%%   is not left of the middle of the line, then in ALL broken tag tuples of the term
%%   (tags longer than 2 characters) the elements continue after the tag and wrap 4
%%   columns in (leaves packed, compound elements on lines of their own);
%% - maps pack associations whose key and value are leaves, and put the others on lines
%%   of their own; one that does not fit breaks after `=>` and indents the value 4
%%   columns from the key;
%% - erl's own measuring quirks are reproduced: a binary is measured 3 characters
%%   short, the comma after a compound element is not counted, a key is laid out with
%%   the characters that follow its whole association, the bytes of a binary get at
%%   least 10 columns.
%% Known differences (tests/stdlib/known_failures): where the bytes of a broken binary
%% wrap inside a map key, terms printed from a column near or past the middle of the
%% line, and with line_max_chars some deeply nested binaries (erl counts a binary 3
%% characters short inside other terms there, and the comma after it in some places). Uses the process dictionary key '$ferl_pretty_tag_mode' during a print.
-module(io_lib_pretty).

-export([print/1, print/2, print/3, print/4, print/5, print/6]).

print(Term) -> print(Term, 1, 80, -1).

print(Term, Opts) when is_list(Opts) ->
    Col = opt(column, Opts, 1),
    Ll = opt(line_length, Opts, 80),
    D = opt(depth, Opts, -1),
    Enc = opt(encoding, Opts, epp_default_encoding()),
    Str = opt(strings, Opts, true),
    RF = opt(record_print_fun, Opts, fun(_, _) -> no end),
    Lmc = opt(line_max_chars, Opts, -1),
    do_print(Term, Col, Ll, D, RF, Enc, Str, Lmc);
print(Term, RecDefFun) -> print(Term, -1, RecDefFun).

print(Term, Depth, RecDefFun) -> print(Term, 1, 80, Depth, RecDefFun).

print(Term, Col, Ll, D) -> print(Term, Col, Ll, D, fun(_, _) -> no end).

print(Term, Col, Ll, D, RecDefFun) -> print(Term, Col, Ll, D, 60000, RecDefFun).

print(Term, Col, Ll, D, _M, RecDefFun) ->
    do_print(Term, Col, Ll, D, RecDefFun, latin1, true, -1).

-define(TAG_MODE, '$ferl_pretty_tag_mode').
-define(LMC, '$ferl_pretty_line_max_chars').

epp_default_encoding() -> latin1.

opt(K, Opts, Def) ->
    case lists:keyfind(K, 1, Opts) of
        {K, V} -> V;
        false -> Def
    end.

do_print(Term, Col, Ll, D, RF, Enc, Str, Lmc) ->
    Opts = {Enc, Str, RF},
    Tree = tree(Term, D, Opts),
    %% erl chooses one layout for all broken tag tuples of a term: the elements aligned
    %% after the tag if that works everywhere, otherwise wrapped 4 columns in.
    Old = get(?TAG_MODE),
    OldLmc = get(?LMC),
    try
        put(?LMC, Lmc),
        put(?TAG_MODE, align),
        try pp(Tree, Col, Ll, 0)
        catch throw:?TAG_MODE ->
                put(?TAG_MODE, wrap),
                pp(Tree, Col, Ll, 0)
        end
    after
        case OldLmc of
            undefined -> erase(?LMC);
            _ -> put(?LMC, OldLmc)
        end,
        case Old of
            undefined -> erase(?TAG_MODE);
            _ -> put(?TAG_MODE, Old)
        end
    end.

%% ---------------------------------------------------------------- the tree
%% {leaf, Len, Flat} | {Kind, Len, Flat, Open, Elems, Close}
%%   Kind = list | tuple | bin | map | record; Elems = [{Node, Sep}] where Sep is the text
%%   after the element ("," , "|" or "").
%% {tag, Len, Flat, Open, Tag, Elems, Close}: a tuple or record led by a tag.
%% {pair, Len, Flat, Key, Value}: a map association.

leaf(Chars) -> {leaf, length(lists:flatten(Chars)), Chars}.

node_len(N) -> element(2, N).
node_flat(N) -> element(3, N).

tree(_, 0, _) -> leaf("...");
tree(T, D, O) when is_list(T) -> list_tree(T, D, O);
tree(T, D, O) when is_tuple(T) -> tuple_tree(T, D, O);
tree(T, D, O) when is_map(T) -> map_tree(T, D, O);
tree(T, D, O) when is_bitstring(T) -> bin_tree(T, D, O);
tree(A, _, {Enc, _, _}) when is_atom(A) ->
    leaf(case Enc of
             latin1 -> io_lib:write_atom_as_latin1(A);
             _ -> io_lib:write_atom(A)
         end);
tree(T, D, {Enc, _, _}) -> leaf(io_lib:write(T, D, Enc)).

compound(Kind, Open, Elems, Close) ->
    Flat = [Open, [[node_flat(N), S] || {N, S} <- Elems], Close],
    Len = length(Open) + length(Close)
        + lists:sum([node_len(N) + length(S) || {N, S} <- Elems]),
    {Kind, Len, Flat, Open, Elems, Close}.

%% Elements separated by commas; the last gets Last as separator.
commas([], _) -> [];
commas([N], Last) -> [{N, Last}];
commas([N | Ns], Last) -> [{N, ","} | commas(Ns, Last)].

list_tree([], _, _) -> leaf("[]");
list_tree(_, 1, _) -> compound(list, "[", [{leaf("..."), ""}], "]");
list_tree(L, D, {Enc, true, _} = O) ->
    case printable(L, Enc) of
        true -> leaf(string_chars(L, Enc));
        false -> list_tree2(L, D, O)
    end;
list_tree(L, D, O) -> list_tree2(L, D, O).

list_tree2([H | T], D, O) ->
    compound(list, "[", list_elems(tree(H, D - 1, O), T, D - 1, O), "]").

list_elems(Prev, [], _, _) -> [{Prev, ""}];
list_elems(Prev, _, 1, _) -> [{Prev, "|..."}];
list_elems(Prev, [H | T], D, O) -> [{Prev, ","} | list_elems(tree(H, D - 1, O), T, D - 1, O)];
list_elems(Prev, Tail, D, O) -> [{Prev, "|"}, {tree(Tail, D - 1, O), ""}].

printable(L, latin1) -> io_lib:printable_latin1_list(L);
printable(L, _) -> io_lib:printable_list(L).

string_chars(L, latin1) -> io_lib:write_string_as_latin1(L);
string_chars(L, _) -> io_lib:write_string(L).

tuple_tree({}, _, _) -> leaf("{}");
tuple_tree(_, 1, _) -> compound(tuple, "{", [{leaf("..."), ""}], "}");
tuple_tree(T, D, {_, _, RF} = O) ->
    [H | Rest] = tuple_to_list(T),
    case is_atom(H) andalso record_fields(RF, H, tuple_size(T) - 1) of
        Fields when is_list(Fields) -> record_tree(H, Fields, Rest, D, O);
        _ ->
            Elems = tuple_elems([H | Rest], D - 1, O),
            case {H, Elems} of
                {_, [_, _ | _]} when is_atom(H) ->
                    tag_node("{", element(1, hd(Elems)), commas_of(tl(Elems)), "}");
                _ ->
                    compound(tuple, "{", Elems, "}")
            end
    end.

commas_of(Elems) -> Elems.

tuple_elems([], _, _) -> [];
tuple_elems([E], D, O) -> [{tree(E, D, O), ""}];
tuple_elems([E | Es], D, O) ->
    case D of
        1 -> [{tree(E, D, O), ",..."}];
        _ -> [{tree(E, D, O), ","} | tuple_elems(Es, D - 1, O)]
    end.

tag_node(Open, Tag, Elems, Close) ->
    Flat = [Open, node_flat(Tag), ",", [[node_flat(N), S] || {N, S} <- Elems], Close],
    Len = length(Open) + node_len(Tag) + 1 + length(Close)
        + lists:sum([node_len(N) + length(S) || {N, S} <- Elems]),
    {tag, Len, Flat, Open, Tag, Elems, Close}.

record_fields(RF, Tag, N) ->
    try RF(Tag, N) of
        Fs when is_list(Fs), length(Fs) =:= N -> Fs;
        _ -> no
    catch _:_ -> no
    end.

record_tree(Tag, Fields, Vals, D, O) ->
    Name = [$# | node_flat(tree(Tag, -1, O))],
    Fs = record_fields_tree(Fields, Vals, D - 1, O),
    case Fs of
        [] -> leaf([Name, "{}"]);
        _ -> compound(record, lists:flatten([Name, "{"]), Fs, "}")
    end.

record_fields_tree([], _, _, _) -> [];
record_fields_tree(_, _, 1, _) -> [{leaf("..."), ""}];
record_fields_tree([F | Fs], [V | Vs], D, O) ->
    Key = tree(F, -1, O),
    Val = tree(V, D - 1, O),
    Pair = pair_node(Key, " = ", Val),
    Sep = case Fs of [] -> ""; _ -> "," end,
    [{Pair, Sep} | record_fields_tree(Fs, Vs, D - 1, O)].

map_tree(M, _, _) when map_size(M) =:= 0 -> leaf("#{}");
map_tree(_, 1, _) -> leaf("#{...}");
map_tree(M, D, O) ->
    Pairs = map_pairs(map_iter_order(M), D - 1, D - 1, O),
    compound(map, "#{", Pairs, "}").

map_pairs([{K, V} | T], N, D, O) ->
    P = pair_node(tree(K, D, O), " => ", tree(V, D, O)),
    case T of
        [] -> [{P, ""}];
        _ when N =:= 1 -> [{P, ",..."}];
        _ -> [{P, ","} | map_pairs(T, N - 1, D, O)]
    end.

pair_node(K, Op, V) ->
    {pair, node_len(K) + length(Op) + node_len(V), [node_flat(K), Op, node_flat(V)],
     {K, Op, V}}.

bin_tree(<<>>, _, _) -> leaf("<<>>");
bin_tree(_, 1, _) -> leaf("<<...>>");
bin_tree(B, D, {Enc, Str, _}) ->
    case Str andalso bin_string(B, D, Enc) of
        Chars when is_list(Chars) -> leaf(Chars);
        _ ->
            Elems = bin_elems(B, D - 1),
            compound(bin, "<<", Elems, ">>")
    end.

bin_elems(<<>>, _) -> [];
bin_elems(_, 0) -> [{leaf("..."), ""}];
bin_elems(<<X:8>>, _) -> [{leaf(integer_to_list(X)), ""}];
bin_elems(<<X:8, R/bitstring>>, N) -> [{leaf(integer_to_list(X)), ","} | bin_elems(R, N - 1)];
bin_elems(B, _) ->
    S = bit_size(B),
    <<X:S>> = B,
    [{leaf([integer_to_list(X), $:, integer_to_list(S)]), ""}].

%% A binary printed as a string, or false. With a depth limit D only the first 4*(D-1)
%% characters are looked at, and a printable prefix of at least D-1 of them is enough.
bin_string(B, _, _) when not is_binary(B) -> false;
bin_string(B, D, unicode) ->
    case unicode:characters_to_list(B, utf8) of
        Cs when is_list(Cs), Cs =/= [] ->
            case printable_prefix(Cs, true, D, unicode) of
                {Shown, More} ->
                    Suffix = case lists:all(fun(C) -> C < 128 end, Shown) of
                                 true -> "";
                                 false -> "/utf8"
                             end,
                    ["<<", io_lib:write_string(Shown), Suffix, More, ">>"];
                false -> false
            end;
        _ -> bin_string(B, D, latin1)
    end;
bin_string(B, D, latin1) ->
    case printable_prefix(binary_to_list(B), true, D, latin1) of
        {Shown, More} -> ["<<", io_lib:write_string_as_latin1(Shown), More, ">>"];
        false -> false
    end.

printable_prefix(Cs, Whole, D, Enc) when D < 0 ->
    case Whole andalso printable(Cs, Enc) of
        true -> {Cs, ""};
        false -> false
    end;
printable_prefix(Cs, Whole, D, Enc) ->
    N = 4 * (D - 1),
    {Head, Tail} = case length(Cs) > N of
                       true -> lists:split(N, Cs);
                       false -> {Cs, []}
                   end,
    P = lists:takewhile(fun(C) -> printable([C], Enc) end, Head),
    if P =:= Head, Tail =:= [], Whole -> {P, ""};
       length(P) >= D - 1, P =/= [] -> {P, "..."};
       true -> false
    end.

%% ---------------------------------------------------------------- layout

%% pp(Node, Col, Ll, LD, Lead): Col is the 1-based column where Node starts, LD the
%% number of characters that must follow it on the same line, Lead the number of
%% characters before it on its line that count towards line_max_chars (from the start
%% of the innermost term that began on this line).
pp(N, Col, Ll, LD) -> pp(N, Col, Ll, LD, 0).

pp(N, Col, Ll, LD, Lead) ->
    case fits(N, Col, Ll, LD) andalso lmc_fits(N, Lead, LD) of
        true -> node_flat(N);
        false -> pp_broken(N, Col, Ll, LD, Lead)
    end.

fits({bin, Len, _, _, _, _}, Col, Ll, LD) ->
    %% erl measures binaries 3 characters short.
    Col + Len - 3 + LD < Ll;
fits(N, Col, Ll, LD) -> Col + node_len(N) + LD < Ll.

%% line_max_chars (the shell uses 30): a term that can be broken is, when longer.
lmc_fits({leaf, _, _}, _, _) -> true;
lmc_fits(N, Lead, LD) -> Lead + node_len(N) + LD =< lmc().

lmc() ->
    case get(?LMC) of
        N when is_integer(N), N > 0 -> N;
        _ -> 1 bsl 40
    end.

pp_broken({leaf, _, Flat}, _, _, _, _) -> Flat;
pp_broken({pair, _, _, {K, Op, V}}, Col, Ll, LD, Lead) ->
    OpT = string:trim(Op, trailing),
    %% erl lays out the key with the characters that follow the whole association.
    Kc = pp(K, Col, Ll, LD, 0),
    [Kc, OpT, $\n, indent(Col + 3), pp(V, Col + 4, Ll, LD, 0)];
pp_broken({tag, _, _, Open, Tag, Elems, Close}, Col, Ll, LD, Lead) ->
    TagFlat = node_flat(Tag),
    TagInd = length(Open) + node_len(Tag) + 1,
    Half = Ll div 2,
    Wrap = get(?TAG_MODE) =:= wrap,
    LS = Col - Lead,
    if Wrap, TagInd > 4, Col + 4 =< Half ->
            %% The other elements continue after the tag, wrapping 4 columns in.
            [Open, TagFlat, ",",
             seq(Elems, Col + TagInd, Col + 4, Ll, LD + length(Close), false, LS), Close];
       Col + TagInd < Half ->
            [Open, TagFlat, ",",
             seq(Elems, Col + TagInd, Col + TagInd, Ll, LD + length(Close), true, LS), Close];
       not Wrap ->
            throw(?TAG_MODE);
       true ->
            C1 = Col + length(Open),
            [Open, seq([{Tag, ","} | Elems], C1, C1, Ll, LD + length(Close), true, LS), Close]
    end;
pp_broken({bin, _, _, Open, Elems, Close}, Col, Ll, LD, Lead) ->
    %% erl packs the bytes of a binary without counting the commas, and gives them at
    %% least 10 columns from the "<<" however far right it starts. With line_max_chars,
    %% each line of bytes (commas included) holds at most line_max_chars - 4 - (the
    %% characters before and after the binary on its line), but at least 8.
    Ll1 = max(Ll, Col + 10),
    C1 = Col + length(Open),
    Budget = max(lmc() - 4 - Lead - LD, 8),
    [Open, bin_seq(Elems, C1, C1, Ll1, LD, true, Budget), Close];
pp_broken({map, _, _, Open, Elems, Close}, Col, Ll, LD, Lead) ->
    %% a map's "#{" does not count towards line_max_chars
    C1 = Col + length(Open),
    [Open, seq(Elems, C1, C1, Ll, LD + length(Close), true, C1 - Lead), Close];
pp_broken({_, _, _, Open, Elems, Close}, Col, Ll, LD, Lead) ->
    C1 = Col + length(Open),
    [Open, seq(Elems, C1, C1, Ll, LD + length(Close), true, Col - Lead), Close].

bin_seq([], _, _, _, _, _, _) -> [];
bin_seq([{N, S} | Es], Cur, Col, Ll, LD, First, Budget) ->
    case First orelse (Cur + node_len(N) + LD < Ll andalso
                       Cur - Col + node_len(N) + length(S) =< Budget) of
        true ->
            [node_flat(N), S | bin_seq(Es, Cur + node_len(N) + length(S), Col, Ll, LD, false,
                                       Budget)];
        false ->
            [$\n, indent(Col - 1) | bin_seq([{N, S} | Es], Col, Col, Ll, LD, true, Budget)]
    end.

%% seq(Elems, Cur, Col, Ll, LD, First, LS): the elements from column Cur, continuation
%% lines at column Col; LS is where the current line's line_max_chars count starts.
%% Leaves are packed on lines; compound elements get lines of their own.
seq([], _, _, _, _, _, _) -> [];
seq([{N, S} | Es], Cur, Col, Ll, LD, First, LS) ->
    Trail = case Es of
                [] -> LD + length(S);
                _ -> length(S)
            end,
    %% erl does not count the comma after a compound element.
    CTrail = case S of
                 "," when Es =/= [] -> 0;
                 ",..." -> 0;
                 "|..." -> 1;
                 _ -> Trail
             end,
    case is_leaf(N) of
        true ->
            case Cur + node_len(N) + Trail < Ll andalso
                 Cur - LS + node_len(N) + Trail =< lmc() of
                true ->
                    Next = Cur + node_len(N) + length(S),
                    [node_flat(N), S | seq_after_leaf(Es, Next, Col, Ll, LD, LS)];
                false when First ->
                    Cs = pp(N, Col, Ll, CTrail, Cur - LS),
                    case lists:member($\n, lists:flatten(Cs)) of
                        true -> [Cs, S | seq_after_compound(Es, Col, Ll, LD)];
                        false ->
                            Next = Col + node_len(N) + length(S),
                            [Cs, S | seq_after_leaf(Es, Next, Col, Ll, LD, LS)]
                    end;
                false ->
                    [$\n, indent(Col - 1) | seq([{N, S} | Es], Col, Col, Ll, LD, true, Col)]
            end;
        false when First ->
            Cs = pp(N, Col, Ll, CTrail, Cur - LS),
            [Cs, S | seq_after_compound(Es, Col, Ll, LD)];
        false ->
            [$\n, indent(Col - 1) | seq([{N, S} | Es], Col, Col, Ll, LD, true, Col)]
    end.

seq_after_leaf([], _, _, _, _, _) -> [];
seq_after_leaf(Es, Cur, Col, Ll, LD, LS) -> seq(Es, Cur, Col, Ll, LD, false, LS).

seq_after_compound([], _, _, _) -> [];
seq_after_compound(Es, Col, Ll, LD) ->
    [$\n, indent(Col - 1) | seq(Es, Col, Col, Ll, LD, true, Col)].

is_leaf({leaf, _, _}) -> true;
is_leaf({pair, _, _, {K, _, V}}) -> is_leaf(K) andalso is_leaf(V);
is_leaf(_) -> false.

indent(N) when N =< 0 -> [];
indent(N) -> lists:duplicate(N, $\s).

%% The 1-based column after Chars when starting at 0-based column Col0.
indentation(Chars, Col0) -> io_lib_format:indentation(Chars, Col0) + 1.

%% Maps are written in erl 25's iteration order: that of maps:to_list/1 for up to 32
%% keys, reversed for larger maps.
map_iter_order(M) when map_size(M) > 32 -> lists:reverse(maps:to_list(M));
map_iter_order(M) -> maps:to_list(M).
