package com.spots.enrichment.segments;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/** A two-element [min, max] list must have min &lt;= max (size and nulls are checked by other constraints). */
@Documented
@Constraint(validatedBy = OrderedRange.Validator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface OrderedRange {

    String message() default "must be [min, max] with min <= max";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<OrderedRange, List<? extends Comparable<?>>> {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public boolean isValid(List<? extends Comparable<?>> range, ConstraintValidatorContext context) {
            if (range == null || range.size() != 2 || range.get(0) == null || range.get(1) == null) {
                return true;
            }
            return ((Comparable) range.get(0)).compareTo(range.get(1)) <= 0;
        }
    }
}
